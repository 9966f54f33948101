"""The terminal chat: numbered buttons, a scripted run through EVERY interview, and the real
``cpts-bot chat`` process driven through a pipe (and resumed by a second process)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.conversation.core import Conversation
from bot.conversation.messages import Button, Incoming, Reply, UserRef
from bot.dialogs import engine
from bot.dialogs.loader import default_bundle
from bot.dialogs.parsing import AnswerInvalid, parse_answer
from bot.dialogs.schema import QType
from bot.store import Store
from bot.terminal import TerminalChat, format_reply
from tests.test_conversation_preprojet import SIRET

ROOT = Path(__file__).resolve().parent.parent

CANDIDATES: dict[QType, list[str]] = {
    QType.TEXT: ["Texte de test"],
    QType.LONG_TEXT: ["Une réponse détaillée pour le test."],
    QType.INTEGER: ["12"],
    QType.POPULATION: ["45 000"],
    QType.MONEY: ["15 000 €"],
    QType.MONTH_YEAR: ["03/2026"],
    QType.DATE: ["12/03/2026"],
    QType.EMAIL: ["equipe@example.org"],
    QType.PHONE: ["04 76 00 00 00"],
    QType.SIRET: [SIRET],
    QType.FINESS: ["380780080", "010000024", "123456789"],
    QType.YES_NO: ["oui"],
    QType.CHOICE: ["1"],
    QType.MULTI_CHOICE: ["1"],
    QType.COMMUNES: ["Voiron, Moirans, Rives"],
}


def valid_input(target) -> str:
    for candidate in CANDIDATES[target.type]:
        try:
            parse_answer(target, candidate)
            return candidate
        except AnswerInvalid:
            continue
    raise AssertionError(f"no valid candidate for {getattr(target, 'id', '?')} ({target.type})")


def test_format_reply_numbers_buttons_from_the_given_index():
    reply = Reply(
        text="Question ?",
        buttons=[
            [Button(label="Oui", data="y:a"), Button(label="Non", data="n:a")],
            [Button(label="Passer", data="s:a")],
        ],
    )
    text, flat = format_reply(reply, 3)
    assert text == "Question ?\n#3 Oui   #4 Non   #5 Passer"
    assert [b.data for b in flat] == ["y:a", "n:a", "s:a"]


def press(chat: TerminalChat, data_prefix: str) -> Incoming:
    for i, b in enumerate(chat.buttons, start=1):
        if b.data.startswith(data_prefix):
            incoming = chat.to_incoming(f"#{i}")
            assert incoming is not None and incoming.data == b.data
            return incoming
    raise AssertionError(f"no button {data_prefix!r} among {[b.data for b in chat.buttons]}")


@pytest.mark.parametrize("interview_id", list(default_bundle().interviews))
async def test_terminal_chat_completes_each_interview(tmp_path, interview_id):
    bundle = default_bundle()
    store = await Store.open(tmp_path / "t.sqlite3")
    out = io.StringIO()
    user = UserRef(id=7, display_name="Julie M.")
    chat = TerminalChat(Conversation(store, files_dir=tmp_path / "f"), user, out)
    await chat.send(chat.to_incoming("/nouvelle_equipe CPTS Terminal"))
    await chat.send(press(chat, f"i:{interview_id}"))
    rows_added: dict[str, int] = {}
    for _ in range(600):
        session = await store.get_session(7)
        state = session.state
        qid = state.get("qid")
        if qid is None:
            break
        q = bundle.questions[qid]
        if state.get("mode") == "row":
            field = next(f for f in q.fields if f.id == state["row"]["field"])
            line = valid_input(field)
            await chat.send(chat.to_incoming(line))
        elif q.type is QType.GROUP:
            if rows_added.get(qid, 0) < max(1, q.min_rows):
                rows_added[qid] = rows_added.get(qid, 0) + 1
                await chat.send(press(chat, "ga:"))
            else:
                await chat.send(press(chat, "gd:"))
        else:
            await chat.send(chat.to_incoming(valid_input(q)))
    else:
        raise AssertionError("interview did not finish")
    assert "parcours terminé" in out.getvalue()
    team_id = (await store.teams_of(7))[0].id
    dossier = await store.dossier(team_id, 7)
    assert engine.missing(bundle, interview_id, dossier) == []
    await store.close()


def run_cli(args: list[str], stdin: str, db: Path) -> str:
    env = {**os.environ, "CPTS_DB": str(db), "CPTS_DOCUMENTS_DIR": str(db.parent / "docs")}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    proc = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        text=True,
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_cpts_bot_chat_through_a_pipe_and_resume_in_a_new_process(tmp_path):
    db = tmp_path / "pipe.sqlite3"
    first = run_cli(["chat"], "/nouvelle_equipe CPTS du Pipe\n#1\n1\nAssociation du Pipe\n", db)
    assert "Équipe « CPTS du Pipe » créée" in first
    assert "Pré-projet" in first
    assert "✔️" in first and "Association du Pipe" in first
    second = run_cli(["chat"], "", db)  # a new process: /start shows where the user was
    assert "Bon retour" in second
    siret_prompt = default_bundle().questions["structure.siret"].prompt
    assert siret_prompt in second
    # `run` without a token falls back to the terminal chat
    third = run_cli(["run"], "/progression\n", db)
    assert "Progression" in third


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


async def test_terminal_asks_the_name_once_and_never_stores_vous(tmp_path):
    from bot.terminal import chat

    db = tmp_path / "chat.sqlite3"
    out = io.StringIO()
    await chat(db, UserRef(id=9, display_name=""), _Tty("Julie M.\n/aide\n"), out)
    assert "Comment vous appelez-vous" in out.getvalue()
    out2 = io.StringIO()
    await chat(db, UserRef(id=9, display_name=""), _Tty("/aide\n"), out2)
    assert "Comment vous appelez-vous" not in out2.getvalue()  # asked once
    async with await Store.open(db) as store:
        assert await store.display_name(9) == "Julie M."


@pytest.mark.parametrize("line", ["#²", "#٣x", "#", "#-1", "# 2"])
async def test_a_malformed_button_number_is_read_as_text(tmp_path, line):
    # « #² » passed str.isdigit() and crashed the chat on int()
    store = await Store.open(tmp_path / "t.sqlite3")
    try:
        chat = TerminalChat(
            Conversation(store, files_dir=tmp_path / "f"),
            UserRef(id=1, display_name="Ana"),
            io.StringIO(),
        )
        incoming = chat.to_incoming(line)
        assert incoming is not None and incoming.kind == "text" and incoming.text == line
    finally:
        await store.close()
