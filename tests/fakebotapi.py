"""A local fake Telegram Bot API server for end-to-end tests (aiohttp, 127.0.0.1, random port).

It speaks the real Bot API wire format (``/bot<token>/<method>``, form or multipart or JSON
parameters, ``{"ok": true, "result": ...}`` answers with real object shapes) so the bot under
test runs unmodified with ``base_url`` pointing here. It records every request, keeps what
the bot sent per chat, and lets a test play users: send text, press a button of a message the
bot sent earlier, send a sticker or a photo, talk in a group.

Supported methods: getMe, getUpdates (long poll, offsets), setWebhook/deleteWebhook/
getWebhookInfo (with webhook delivery), sendMessage, editMessageText, editMessageReplyMarkup,
answerCallbackQuery, sendChatAction, sendDocument (multipart), setMyCommands, getMyCommands,
deleteMyCommands, close, logOut.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientSession, ClientTimeout, web

MAX_TEXT = 4096
MAX_CALLBACK_BYTES = 64
COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
# Parameters that the Bot API receives JSON-encoded inside form fields.
JSON_PARAMS = {
    "reply_markup",
    "commands",
    "scope",
    "allowed_updates",
    "link_preview_options",
    "reply_parameters",
    "entities",
    "caption_entities",
}
INT_PARAMS = {"chat_id", "message_id", "offset", "limit", "timeout", "max_connections"}


class ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: dict | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters


@dataclass
class Request:
    """One call the bot made."""

    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]]
    at: float


@dataclass
class FakeUser:
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        data["language_code"] = "fr"
        return data

    def private_chat(self) -> dict[str, Any]:
        chat = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name:
            chat["last_name"] = self.last_name
        if self.username:
            chat["username"] = self.username
        return chat


@dataclass
class Sent:
    """A message the bot sent (``raw`` is the Bot API ``Message`` object, kept up to date)."""

    raw: dict[str, Any]
    method: str
    file_bytes: bytes | None = None
    sent_at: float = field(default_factory=time.monotonic)

    @property
    def chat_id(self) -> int:
        return self.raw["chat"]["id"]

    @property
    def message_id(self) -> int:
        return self.raw["message_id"]

    @property
    def text(self) -> str:
        return self.raw.get("text") or self.raw.get("caption") or ""

    @property
    def keyboard(self) -> list[list[tuple[str, str]]]:
        """Inline keyboard rows as (label, callback_data)."""
        markup = self.raw.get("reply_markup") or {}
        return [
            [(button["text"], button.get("callback_data", "")) for button in row]
            for row in markup.get("inline_keyboard", [])
        ]

    @property
    def labels(self) -> list[str]:
        return [label for row in self.keyboard for label, _ in row]

    @property
    def document(self) -> dict[str, Any] | None:
        return self.raw.get("document")


class FakeBotApi:
    """Start with ``await fake.start()``; point the bot to ``fake.base_url``."""

    def __init__(self, token: str = "fake", username: str = "CptsTestBot") -> None:
        self.token = token
        self.bot_user = {
            "id": 7_000_000_001,
            "is_bot": True,
            "first_name": "Compagnon CPTS",
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.requests: list[Request] = []
        self.commands: list[dict[str, str]] = []
        self.callback_answers: list[dict[str, Any]] = []
        self.chat_actions: list[tuple[int, str]] = []
        self.webhook: dict[str, Any] | None = None
        # Where webhook POSTs really go (the reverse proxy in front of the bot): the URL given
        # to setWebhook is public https, the bot listens on plain http on loopback.
        self.webhook_target: str | None = None
        self._update_ids = itertools.count(1001)
        self._user_ids = itertools.count(100_001)
        self._query_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count] = defaultdict(lambda: itertools.count(1))
        self._chats: dict[int, dict[str, Any]] = {}
        self._pending: list[dict[str, Any]] = []  # updates not yet confirmed
        self._acked_below = 0  # every update id < this was confirmed by the bot
        self._open_queries: set[str] = set()
        self._outbox: dict[int, list[Sent]] = defaultdict(list)
        self._read: dict[int, int] = defaultdict(int)
        self._event = asyncio.Event()  # replaced on every change; waiters re-check
        self._last_update_id = 0
        self.delivered_up_to = 0  # highest update id handed out by getUpdates
        self.listener: Callable[[Sent], None] | None = None  # called on each bot message
        self._fail_send: list[tuple[int, dict[str, Any]]] = []
        self._runner: web.AppRunner | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._webhook_wakeup = asyncio.Event()
        self.port = 0

    # ----------------------------------------------------------------- lifecycle
    async def start(self) -> FakeBotApi:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
        self._notify()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeBotApi:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    # ----------------------------------------------------------------- fault injection
    def fail_next_send_message(self, count: int = 1, retry_after: int = 1) -> None:
        """The next ``count`` sendMessage calls get HTTP 429 « Too Many Requests »."""
        body = {
            "ok": False,
            "error_code": 429,
            "description": f"Too Many Requests: retry after {retry_after}",
            "parameters": {"retry_after": retry_after},
        }
        self._fail_send.extend([(429, body)] * count)

    # ----------------------------------------------------------------- playing users
    def new_user(
        self, first_name: str, last_name: str | None = None, username: str | None = None
    ) -> FakeUser:
        return FakeUser(next(self._user_ids), first_name, last_name, username)

    def send_text(self, user: FakeUser, text: str) -> int:
        """The user types ``text`` in their private chat with the bot."""
        message = self._user_message(user, user.private_chat())
        message["text"] = text
        if text.startswith("/"):
            length = len(text.split(maxsplit=1)[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return self._push({"message": message})

    def send_sticker(self, user: FakeUser, emoji: str = "👍") -> int:
        message = self._user_message(user, user.private_chat())
        message["sticker"] = {
            "file_id": f"CAACAgIAAx{next(self._query_ids)}",
            "file_unique_id": "AgADsticker",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self._push({"message": message})

    def send_photo(self, user: FakeUser, caption: str | None = None) -> int:
        message = self._user_message(user, user.private_chat())
        message["photo"] = [
            {"file_id": "AgACphoto-s", "file_unique_id": "AQADs", "width": 90, "height": 67},
            {"file_id": "AgACphoto-m", "file_unique_id": "AQADm", "width": 800, "height": 600},
        ]
        if caption:
            message["caption"] = caption
        return self._push({"message": message})

    def send_raw_message(self, user: FakeUser, content: dict[str, Any]) -> int:
        """Any other message content (voice, location, contact…), in the private chat."""
        message = self._user_message(user, user.private_chat())
        message.update(content)
        return self._push({"message": message})

    def send_group_text(
        self, user: FakeUser, chat_id: int, text: str, kind: str = "supergroup"
    ) -> int:
        """``user`` writes in a group (``chat_id`` negative) where the bot is a member."""
        chat = {"id": chat_id, "type": kind, "title": "Équipe CPTS"}
        message = self._user_message(user, chat)
        message["text"] = text
        return self._push({"message": message})

    def send_channel_post(self, chat_id: int, text: str) -> int:
        """A post in a channel where the bot is an administrator."""
        chat = {"id": chat_id, "type": "channel", "title": "Actualités CPTS"}
        self._chats[chat_id] = chat
        post = {
            "message_id": next(self._message_ids[chat_id]),
            "chat": chat,
            "sender_chat": chat,
            "date": int(time.time()),
            "text": text,
        }
        return self._push({"channel_post": post})

    def expire_callback_queries(self) -> None:
        """Pending callback queries can no longer be answered (« query is too old »)."""
        self._open_queries.clear()

    def add_bot_to_group(self, user: FakeUser, chat_id: int, kind: str = "group") -> int:
        chat = {"id": chat_id, "type": kind, "title": "Équipe CPTS"}
        self._chats[chat_id] = chat
        return self._push(
            {
                "my_chat_member": {
                    "chat": chat,
                    "from": user.to_dict(),
                    "date": int(time.time()),
                    "old_chat_member": {"status": "left", "user": self.bot_user},
                    "new_chat_member": {"status": "member", "user": self.bot_user},
                }
            }
        )

    def press(
        self, user: FakeUser, message: Sent, label: str | None = None, data: str | None = None
    ) -> int:
        """Press the button of ``message`` with this ``label`` (or this callback ``data``)."""
        for row in message.keyboard:
            for button_label, button_data in row:
                if (label is not None and button_label == label) or (
                    data is not None and button_data == data
                ):
                    return self._press(user, message, button_data)
        raise AssertionError(f"no button {label or data!r} in {message.keyboard!r}")

    def press_data(self, user: FakeUser, message: Sent, data: str) -> int:
        """Send a callback query with arbitrary data (e.g. a button from an old version)."""
        return self._press(user, message, data)

    def _press(self, user: FakeUser, message: Sent, data: str) -> int:
        query_id = f"{user.id}-{next(self._query_ids)}"
        self._open_queries.add(query_id)
        query = {
            "id": query_id,
            "from": user.to_dict(),
            "message": message.raw,
            "chat_instance": f"ci{message.chat_id}",
            "data": data,
        }
        return self._push({"callback_query": query})

    def _user_message(self, user: FakeUser, chat: dict[str, Any]) -> dict[str, Any]:
        self._chats[chat["id"]] = chat
        return {
            "message_id": next(self._message_ids[chat["id"]]),
            "from": user.to_dict(),
            "chat": chat,
            "date": int(time.time()),
        }

    def _push(self, update: dict[str, Any]) -> int:
        update_id = self._last_update_id = next(self._update_ids)
        self._pending.append({"update_id": update_id, **update})
        self._webhook_wakeup.set()
        self._notify()
        return update_id

    def _notify(self) -> None:
        """Wake every waiter; each re-checks its own condition."""
        self._event.set()
        self._event = asyncio.Event()

    # ----------------------------------------------------------------- reading what the bot did
    def calls(self, method: str) -> list[Request]:
        return [r for r in self.requests if r.method.lower() == method.lower()]

    def all_messages(self, chat_id: int) -> list[Sent]:
        return list(self._outbox[chat_id])

    async def next_messages(
        self, chat_id: int, count: int = 1, timeout: float = 10.0
    ) -> list[Sent]:
        """Exactly the next ``count`` messages the bot sends to ``chat_id`` (waits for them)."""

        def ready() -> bool:
            return len(self._outbox[chat_id]) - self._read[chat_id] >= count

        await self._wait(ready, timeout, f"{count} message(s) for chat {chat_id}")
        start = self._read[chat_id]
        self._read[chat_id] = start + count
        return self._outbox[chat_id][start : start + count]

    async def replies(self, chat_id: int, quiet: float = 0.3, timeout: float = 10.0) -> list[Sent]:
        """At least one new message, then everything sent until ``quiet`` seconds pass idle."""
        await self._wait(
            lambda: len(self._outbox[chat_id]) > self._read[chat_id],
            timeout,
            f"a message for chat {chat_id}",
        )
        while True:
            seen = len(self._outbox[chat_id])
            await asyncio.sleep(quiet)
            if len(self._outbox[chat_id]) == seen:
                break
        start = self._read[chat_id]
        self._read[chat_id] = len(self._outbox[chat_id])
        return self._outbox[chat_id][start:]

    def unread(self, chat_id: int) -> list[Sent]:
        return self._outbox[chat_id][self._read[chat_id] :]

    def take(self, chat_id: int) -> list[Sent]:
        """The unread messages of ``chat_id``, now marked as read."""
        messages = self.unread(chat_id)
        self._read[chat_id] = len(self._outbox[chat_id])
        return messages

    async def wait_confirmed(self, update_id: int | None = None, timeout: float = 10.0) -> None:
        """Until the bot confirmed (by its next getUpdates offset, or a webhook 200)
        ``update_id`` or, by default, every update injected so far."""
        target = update_id if update_id is not None else self._last_update_id
        await self._wait(lambda: self._acked_below > target, timeout, f"ack of {target}")

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
        await self._wait(predicate, timeout, "condition")

    async def _wait(self, predicate: Callable[[], bool], timeout: float, what: str) -> None:
        try:
            async with asyncio.timeout(timeout):
                await self._until(predicate)
        except TimeoutError:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}") from None

    async def _until(self, predicate: Callable[[], bool]) -> None:
        while True:
            event = self._event
            if predicate():
                return
            await event.wait()

    # ----------------------------------------------------------------- HTTP side
    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        params, files = await _read_params(request)
        self.requests.append(Request(method, params, files, time.monotonic()))
        self._notify()
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        handler = getattr(self, "_m_" + method.lower(), None)
        if handler is None:
            return _error(404, "Not Found")
        try:
            result = await handler(params, files)
        except ApiError as exc:
            return _error(exc.code, exc.description, exc.parameters)
        finally:
            self._notify()
        if isinstance(result, web.StreamResponse):
            return result
        return web.json_response({"ok": True, "result": result})

    async def _m_getme(self, params: dict, files: dict) -> Any:
        return self.bot_user

    async def _m_getupdates(self, params: dict, files: dict) -> Any:
        if self.webhook:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active")
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        if offset > 0:
            self._confirm_below(offset)
        if not self._pending and timeout > 0:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(timeout):
                    await self._until(lambda: bool(self._pending) or self.webhook is not None)
        if self.webhook:
            raise ApiError(409, "Conflict: terminated by setWebhook request")
        batch = self._pending[:limit]
        if batch:
            self.delivered_up_to = max(self.delivered_up_to, batch[-1]["update_id"])
        return batch

    def _confirm_below(self, offset: int) -> None:
        self._pending = [u for u in self._pending if u["update_id"] >= offset]
        self._acked_below = max(self._acked_below, offset)

    async def _m_setwebhook(self, params: dict, files: dict) -> Any:
        url = params.get("url") or ""
        if not url:
            self.webhook = None
            return True
        self.webhook = {
            "url": url,
            "secret_token": params.get("secret_token"),
            "allowed_updates": params.get("allowed_updates"),
        }
        if self._webhook_task is None:
            self._webhook_task = asyncio.get_running_loop().create_task(self._deliver())
        self._webhook_wakeup.set()
        return True

    async def _m_deletewebhook(self, params: dict, files: dict) -> Any:
        self.webhook = None
        if str(params.get("drop_pending_updates")).lower() == "true":
            self._pending.clear()
        return True

    async def _m_getwebhookinfo(self, params: dict, files: dict) -> Any:
        return {
            "url": (self.webhook or {}).get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }

    async def _deliver(self) -> None:
        """Webhook delivery: POST updates one by one, in order; retry until HTTP 200."""
        async with ClientSession(timeout=ClientTimeout(total=30)) as session:
            while True:
                await self._webhook_wakeup.wait()
                self._webhook_wakeup.clear()
                while self.webhook and self._pending:
                    update = self._pending[0]
                    headers = {}
                    if self.webhook.get("secret_token"):
                        headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook["secret_token"]
                    try:
                        async with session.post(
                            self.webhook_target or self.webhook["url"], json=update, headers=headers
                        ) as response:
                            delivered = response.status == 200
                    except OSError:
                        delivered = False
                    if delivered:
                        self._confirm_below(update["update_id"] + 1)
                        self._notify()
                    else:
                        await asyncio.sleep(0.2)

    async def _m_sendmessage(self, params: dict, files: dict) -> Any:
        chat = self._chat(params)
        if self._fail_send:
            status, body = self._fail_send.pop(0)
            return web.json_response(body, status=status)
        text = str(params.get("text") or "")
        _check_text(text)
        markup = _check_markup(params.get("reply_markup"))
        message = self._bot_message(chat, text=text, reply_markup=markup)
        self._store(Sent(message, "sendMessage"))
        return message

    async def _m_senddocument(self, params: dict, files: dict) -> Any:
        chat = self._chat(params)
        document = params.get("document")
        if isinstance(document, str) and document.startswith("attach://"):
            document = document.removeprefix("attach://")
        else:
            document = "document"
        if document not in files:
            raise ApiError(400, "Bad Request: there is no document in the request")
        filename, content = files[document]
        markup = _check_markup(params.get("reply_markup"))
        message = self._bot_message(chat, reply_markup=markup)
        message["document"] = {
            "file_name": filename,
            "mime_type": _mime(filename),
            "file_id": f"BQACAgdoc{next(self._query_ids)}",
            "file_unique_id": f"AgADdoc{len(content)}",
            "file_size": len(content),
        }
        if params.get("caption"):
            message["caption"] = params["caption"]
        self._store(Sent(message, "sendDocument", file_bytes=content))
        return message

    async def _m_editmessagetext(self, params: dict, files: dict) -> Any:
        sent = self._find(params)
        text = str(params.get("text") or "")
        _check_text(text)
        markup = _check_markup(params.get("reply_markup"))
        if text == sent.raw.get("text") and markup == sent.raw.get("reply_markup"):
            raise ApiError(400, "Bad Request: message is not modified")
        sent.raw["text"] = text
        _set_markup(sent.raw, markup)
        sent.raw["edit_date"] = int(time.time())
        return sent.raw

    async def _m_editmessagereplymarkup(self, params: dict, files: dict) -> Any:
        sent = self._find(params)
        markup = _check_markup(params.get("reply_markup"))
        if markup == sent.raw.get("reply_markup"):
            raise ApiError(400, "Bad Request: message is not modified")
        _set_markup(sent.raw, markup)
        sent.raw["edit_date"] = int(time.time())
        return sent.raw

    async def _m_answercallbackquery(self, params: dict, files: dict) -> Any:
        query_id = str(params.get("callback_query_id"))
        if query_id not in self._open_queries:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        self._open_queries.discard(query_id)
        self.callback_answers.append(params)
        return True

    async def _m_sendchataction(self, params: dict, files: dict) -> Any:
        chat = self._chat(params)
        self.chat_actions.append((chat["id"], str(params.get("action"))))
        return True

    async def _m_setmycommands(self, params: dict, files: dict) -> Any:
        commands = params.get("commands") or []
        for command in commands:
            if not COMMAND_RE.match(command.get("command", "")):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(command.get("description", "")) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands = commands
        return True

    async def _m_getmycommands(self, params: dict, files: dict) -> Any:
        return self.commands

    async def _m_deletemycommands(self, params: dict, files: dict) -> Any:
        self.commands = []
        return True

    async def _m_close(self, params: dict, files: dict) -> Any:
        return True

    async def _m_logout(self, params: dict, files: dict) -> Any:
        return True

    # ----------------------------------------------------------------- internals
    def _chat(self, params: dict) -> dict[str, Any]:
        try:
            chat_id = int(params.get("chat_id"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ApiError(400, "Bad Request: chat_id is empty") from None
        if chat_id not in self._chats:
            raise ApiError(400, "Bad Request: chat not found")
        return self._chats[chat_id]

    def _find(self, params: dict) -> Sent:
        chat = self._chat(params)
        message_id = int(params.get("message_id") or 0)
        for sent in self._outbox[chat["id"]]:
            if sent.message_id == message_id:
                return sent
        raise ApiError(400, "Bad Request: message to edit not found")

    def _bot_message(
        self, chat: dict[str, Any], text: str | None = None, reply_markup: dict | None = None
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": next(self._message_ids[chat["id"]]),
            "from": self.bot_user,
            "chat": chat,
            "date": int(time.time()),
        }
        if text is not None:
            message["text"] = text
        _set_markup(message, reply_markup)
        return message

    def _store(self, sent: Sent) -> None:
        self._outbox[sent.chat_id].append(sent)
        if self.listener is not None:
            self.listener(sent)


def _error(code: int, description: str, parameters: dict | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=code)


def _check_text(text: str) -> None:
    if not text.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if len(text.encode("utf-16-le")) // 2 > MAX_TEXT:
        raise ApiError(400, "Bad Request: message is too long")


def _check_markup(markup: Any) -> dict | None:
    if not markup:
        return None
    rows = markup.get("inline_keyboard")
    if rows is None:
        return markup  # reply keyboards etc.: kept as is
    for row in rows:
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_BYTES:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
            if not button.get("text"):
                raise ApiError(
                    400, "Bad Request: text buttons are unallowed in the inline keyboard"
                )
    return {"inline_keyboard": [[dict(button) for button in row] for row in rows]} if rows else None


def _set_markup(message: dict[str, Any], markup: dict | None) -> None:
    if markup:
        message["reply_markup"] = markup
    else:
        message.pop("reply_markup", None)


def _mime(filename: str) -> str:
    if filename.endswith(".docx"):
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if filename.endswith(".pdf"):
        return "application/pdf"
    return "application/octet-stream"


async def _read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
    """Bot API clients send form fields (JSON-encoded values), multipart, or a JSON body."""
    params: dict[str, Any] = {}
    files: dict[str, tuple[str, bytes]] = {}
    content_type = request.content_type
    if content_type == "application/json":
        body = await request.json()
        return (body if isinstance(body, dict) else {}), files
    if content_type.startswith("multipart/"):
        reader = await request.multipart()
        async for part in reader:
            if part.filename is not None:
                files[part.name or ""] = (part.filename, bytes(await part.read()))
            else:
                params[part.name or ""] = await part.text()
    elif request.can_read_body:
        params.update(await request.post())
    params.update({k: v for k, v in request.query.items() if k not in params})
    for key, value in list(params.items()):
        if key in JSON_PARAMS and isinstance(value, str):
            with contextlib.suppress(ValueError):
                params[key] = json.loads(value)
        elif key in INT_PARAMS and isinstance(value, str):
            with contextlib.suppress(ValueError):
                params[key] = int(value)
    return params, files
