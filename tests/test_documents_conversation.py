"""/documents through the real Conversation on a tmp SQLite store: list, send, preview, PDF.

The only fake: LibreOffice declared absent (``soffice_path`` returning None) to check the
polite message on servers without it.
"""

from __future__ import annotations

import io

import docx
import pytest

from bot.conversation import documents as conv_docs
from bot.conversation.messages import MAX_CALLBACK_BYTES
from bot.documents import catalog, pdf
from bot.store import Store
from tests.players import Player

TEAM = "CPTS des Trois Vallées"


@pytest.fixture
async def store(tmp_path):
    s = await Store.open(tmp_path / "cpts.sqlite3")
    yield s
    await s.close()


async def make_team(conv) -> Player:
    owner = Player(conv, 1, "Julie M.")
    await owner.say("/nouvelle_equipe")
    await owner.say(TEAM)
    return owner


async def team_id(conv, player: Player) -> int:
    return (await conv.svc.store.get_session(player.user.id)).active_team_id


def last_document(player: Player):
    replies = [r for r in player.replies if r.document is not None]
    assert replies, player.text
    return replies[-1]


async def test_documents_lists_every_document_with_completeness(conv):
    owner = await make_team(conv)
    await owner.say("/documents")
    for spec in catalog.documents():
        if not spec.per_action:
            assert spec.title in owner.text
            assert any(b.data == f"doc:{spec.id}" for b in owner.buttons())
    assert "0/" in owner.text and "rubriques renseignées" in owner.text
    # no action sheet yet: one button for the empty model
    assert any(b.data == "doc:fiche_action" for b in owner.buttons())
    assert all(len(b.data.encode()) <= MAX_CALLBACK_BYTES for b in owner.buttons())


async def test_send_a_document_then_preview_and_pdf(conv, monkeypatch):
    owner = await make_team(conv)
    tid = await team_id(conv, owner)
    await conv.svc.store.set_answer(tid, 1, "history.core_team", "Le noyau dur, depuis 2024.")
    await owner.say("/documents")
    await owner.press("Pré-projet")
    reply = last_document(owner)
    assert reply.busy == "sending_file"
    assert reply.document.is_file() and reply.document_name.endswith(".docx")
    assert reply.document.is_relative_to(conv.svc.files_dir)
    assert "cpts-des-trois-vallees" in reply.document_name
    document = docx.Document(io.BytesIO(reply.document.read_bytes()))
    assert TEAM in document.sections[0].header.paragraphs[0].text  # team name until typed
    assert any("Le noyau dur, depuis 2024." in p.text for p in document.paragraphs)
    assert "1/" in reply.text and "rubriques renseignées" in reply.text

    await owner.press("Aperçu")
    assert "Pré-projet de CPTS" in owner.text and "Le noyau dur, depuis 2024." in owner.text
    assert len(owner.text) < 4096
    assert {b.data for b in owner.buttons()} == {"doc:preprojet", "doc:preprojet:pdf"}

    monkeypatch.setattr(pdf, "soffice_path", lambda: None)
    await owner.press("PDF")
    assert "PDF n'est pas disponible sur ce serveur" in owner.text
    assert all(r.document is None for r in owner.replies)


@pytest.mark.skipif(pdf.soffice_path() is None, reason="LibreOffice (soffice) is not installed")
async def test_pdf_button_sends_a_pdf(conv):
    owner = await make_team(conv)
    await owner.press_data("doc:statuts:pdf")
    reply = last_document(owner)
    assert reply.document_name.endswith(".pdf")
    assert reply.document.read_bytes().startswith(b"%PDF-")


async def test_action_sheets_get_one_button_each(conv):
    owner = await make_team(conv)
    tid = await team_id(conv, owner)
    for title in ("Accès au médecin traitant", "Sorties d'hospitalisation"):
        await conv.svc.store.add_row(tid, 1, "actions.sheets", {"title": title})
    await owner.say("/documents")
    data = {b.data for b in owner.buttons()}
    assert {"doc:fiche_action:1", "doc:fiche_action:2", "doc:fiche_action"} <= data
    await owner.press("Fiche action 2")
    reply = last_document(owner)
    assert reply.document_name.startswith("fiche-action-2-")
    text = "\n".join(
        p.text for p in docx.Document(io.BytesIO(reply.document.read_bytes())).paragraphs
    )
    assert "Sorties d’hospitalisation" in text  # typographic apostrophe
    assert "Accès au médecin traitant" not in text
    await owner.press_data("doc:fiche_action:2-apercu")
    assert "Sorties d'hospitalisation" in owner.text


@pytest.mark.parametrize(
    "data", ["doc:nope", "doc:preprojet:9", "doc:fiche_action:7", "doc:budget:xyz", "doc:"]
)
async def test_stale_or_unknown_document_buttons(conv, data):
    owner = await make_team(conv)
    await owner.press_data(data)
    assert "ancien message" in owner.toast and owner.text == ""
    assert all(r.document is None for r in owner.replies)


async def test_documents_with_an_argument_sends_directly(conv):
    owner = await make_team(conv)
    await owner.say("/documents budget")
    assert last_document(owner).document_name.startswith("budget-previsionnel-")


async def test_end_of_interview_button_opens_the_document(conv):
    owner = await make_team(conv)
    for iv in conv.svc.bundle.interviews.values():
        assert iv.document is None or catalog.get(iv.document)
    await owner.press_data("doc:lettre_intention")
    assert last_document(owner).document_name.startswith("lettre-intention-")


def test_document_ui_strings_exist():
    used = {
        "list",
        "btn_doc",
        "btn_action",
        "btn_all_actions",
        "btn_empty_action",
        "btn_preview",
        "btn_pdf",
        "btn_word",
        "sent",
        "pdf_sent",
        "pdf_unavailable",
        "pdf_failed",
        "preview",
    }
    assert used <= conv_docs.keys()


@pytest.mark.parametrize(
    ("arg", "action", "fmt"),
    [
        ("", None, None),
        ("pdf", None, "pdf"),
        ("2", "2", None),
        ("2-pdf", "2", "pdf"),
        ("apercu:12", "12", "apercu"),
        ("007", "7", None),
    ],
)
def test_parse_arg(arg, action, fmt):
    assert conv_docs.parse_arg(arg) == conv_docs.Request(action, fmt)


@pytest.mark.parametrize("arg", ["xyz", "pdf-pdf", "1-2", "99999", "../etc"])
def test_parse_arg_rejects(arg):
    assert conv_docs.parse_arg(arg) is None


def test_longest_callback_data_fits():
    longest = max(catalog.documents(), key=lambda s: len(s.id)).id
    assert len(f"doc:{longest}:9999-apercu".encode()) <= MAX_CALLBACK_BYTES


def test_shorten_cuts_at_a_paragraph():
    text = "\n\n".join(f"Paragraphe {i} " + "mot " * 40 for i in range(40))
    short, cut = conv_docs.shorten(text, 1000)
    assert cut and len(short) <= 1000 and text.startswith(short) and short.endswith("mot")
    assert conv_docs.shorten("court", 1000) == ("court", False)


async def test_documents_need_a_team_and_show_only_its_own_answers(conv):
    owner = await make_team(conv)
    tid = await team_id(conv, owner)
    await conv.svc.store.set_answer(tid, 1, "history.core_team", "Secret de l'équipe A")
    outsider = Player(conv, 2, "Eve X.")
    for data in ("doc:preprojet", "doc:preprojet:apercu", "doc:preprojet:pdf"):
        await outsider.press_data(data)
        assert all(r.document is None for r in outsider.replies)
        assert "Secret de l'équipe A" not in outsider.text
    await outsider.say("/nouvelle_equipe")
    await outsider.say("Équipe B")
    await outsider.press_data("doc:preprojet:apercu")
    assert "Secret de l'équipe A" not in outsider.text
    assert "Pré-projet de CPTS" in outsider.text


async def test_generated_files_live_in_the_team_folder_and_go_with_the_team(conv):
    owner = await make_team(conv)
    tid = await team_id(conv, owner)
    await owner.say("/documents")
    await owner.press("Pré-projet")
    draft = last_document(owner)
    team_root = conv.svc.files.team_root(tid)
    assert draft.document.is_relative_to(team_root) and draft.discard_after_send
    await owner.say("/export")
    export = last_document(owner)
    assert export.document.is_relative_to(team_root) and export.discard_after_send
    # the terminal chat keeps files for the person to open: they are still there
    assert draft.document.exists() and export.document.exists()
    await owner.say("/supprimer")
    await owner.press("Oui, tout supprimer")
    assert not team_root.exists()  # drafts and export erased with the rows


async def test_erasing_the_last_member_erases_the_team_files(conv):
    owner = await make_team(conv)
    tid = await team_id(conv, owner)
    await owner.say("/export")
    assert conv.svc.files.team_root(tid).exists()
    await owner.say("/effacer_mes_donnees")
    await owner.press("Oui, effacer")
    assert not conv.svc.files.team_root(tid).exists()
    assert conv.held_locks == 0  # no per-user lock kept after the person is gone
