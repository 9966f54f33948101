"""Wiring of the PTB ``Application``: dependencies opened in ``post_init``, closed in
``post_shutdown``; polling by default, webhook when ``CPTS_WEBHOOK_URL`` is set.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any

from telegram import BotCommand, Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.telegram.handlers import ConversationLike, TelegramAdapter
from bot.telegram.ordering import PerUserUpdateProcessor

if TYPE_CHECKING:
    from bot.config import Settings

log = logging.getLogger(__name__)

# Only what the bot handles: less traffic, and nothing else can reach the handlers.
ALLOWED_UPDATES = [
    Update.MESSAGE,
    Update.CALLBACK_QUERY,
    Update.MY_CHAT_MEMBER,
    Update.CHANNEL_POST,
]
RATE_LIMIT_RETRIES = 3  # RetryAfter (HTTP 429) is waited out this many times, then raised


def build_application(
    settings: Settings,
    *,
    conversation: ConversationLike | None = None,
    rate_limiter: AIORateLimiter | None = None,
    max_workers: int = 64,
    request: BaseRequest | None = None,
) -> Application:
    """The bot, ready for ``run_polling``/``run_webhook`` or manual ``initialize``/``start``.

    ``conversation``: an already-built conversation (tests, benchmarks). Without it,
    ``post_init`` opens the store at ``settings.db_path`` and builds the real one.
    ``request``: another Bot API transport than HTTP (benchmarks measure without network).
    """
    token = settings.token
    if token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    # Opt in to PTB 23's timedelta durations: without it, every RetryAfter (HTTP 429) emits a
    # PTBDeprecationWarning while being built, which turns into an error under -W error.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    builder: ApplicationBuilder = (
        Application.builder()
        .token(token)
        .base_url(settings.telegram_base_url)
        .base_file_url(settings.telegram_base_file_url)
        .rate_limiter(rate_limiter or AIORateLimiter(max_retries=RATE_LIMIT_RETRIES))
        .concurrent_updates(PerUserUpdateProcessor(max_workers=max_workers))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    if request is not None:
        builder = builder.request(request)
    app = builder.build()
    adapter = TelegramAdapter(conversation)
    app.bot_data["settings"] = settings
    app.bot_data["adapter"] = adapter
    _add_handlers(app, adapter)
    return app


def _add_handlers(app: Application, adapter: TelegramAdapter) -> None:
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    elsewhere = ~filters.ChatType.PRIVATE & (
        filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST
    )
    app.add_handler(MessageHandler(private & filters.TEXT, adapter.on_text))
    app.add_handler(MessageHandler(private & ~filters.TEXT, adapter.on_media))
    app.add_handler(CallbackQueryHandler(adapter.on_button))
    app.add_handler(MessageHandler(elsewhere, adapter.on_group))
    app.add_handler(ChatMemberHandler(adapter.on_my_member, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_error_handler(adapter.on_error)


async def _post_init(app: Application) -> None:
    adapter: TelegramAdapter = app.bot_data["adapter"]
    if adapter.conversation is None:
        from bot.conversation.core import Conversation
        from bot.store import Store

        settings: Settings = app.bot_data["settings"]
        store = await Store.open(settings.db_path)
        app.bot_data["store"] = store
        adapter.conversation = Conversation(store, files_dir=settings.files_dir)
    await publish_commands(app, adapter.conversation)


async def publish_commands(app: Application, conversation: ConversationLike) -> None:
    """The « / » menu in Telegram clients, from the conversation's command list."""
    commands = [BotCommand(name, text) for name, text in conversation.command_menu()]
    try:
        await app.bot.set_my_commands(commands)
    except TelegramError as exc:  # the menu is a convenience: never block start-up on it
        log.warning("set_my_commands failed: %s", type(exc).__name__)


async def _post_shutdown(app: Application) -> None:
    store = app.bot_data.pop("store", None)
    if store is not None:
        await store.close()


def configure_logging(level: int | str = logging.INFO) -> None:
    """Log to stderr; silence httpx, whose request lines contain the bot token."""
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=level)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


def webhook_options(settings: Settings) -> dict[str, Any]:
    """Arguments shared by ``run_webhook`` and ``Updater.start_webhook``.

    The public URL is https (TLS ends at the reverse proxy); the bot listens on plain HTTP at
    ``listen:port`` under the same path, and checks Telegram's secret header.
    """
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    return {
        "listen": settings.webhook_listen,
        "port": settings.webhook_port,
        "url_path": settings.webhook_path,
        "webhook_url": settings.webhook_url,
        "secret_token": secret,
    }


def run_bot(settings: Settings) -> int:
    """Run until SIGINT/SIGTERM (PTB installs the handlers); returns the exit status."""
    configure_logging(settings.log_level)
    app = build_application(settings)
    try:
        if settings.webhook_url:
            log.info("webhook mode on %s:%s", settings.webhook_listen, settings.webhook_port)
            app.run_webhook(**webhook_options(settings), allowed_updates=ALLOWED_UPDATES)
        else:
            log.info("polling mode")
            app.run_polling(allowed_updates=ALLOWED_UPDATES)
    except InvalidToken:
        log.error("Telegram refused the bot token (check TELEGRAM_BOT_TOKEN)")
        return 1
    return 0
