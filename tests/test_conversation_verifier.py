"""/verifier and the two document versions in the chat (issue 10's chat integration).

The readiness rules themselves live on the documents branch; ``readiness.check`` is replaced
here by one returning constructed findings, which is enough to test how the chat shows them
(grouping, numbering, buttons that open the question, a way back). The document version is
passed through to ``service.generate``, recorded here.
"""

from __future__ import annotations

from bot.conversation.documents import parse_arg
from bot.dialogs import readiness
from bot.dialogs.readiness import Finding, Report
from tests.players import Player

NAME_QID = "structure.association_name"


FINDINGS = (
    Finding(
        rule="advice.x",
        severity="conseil",
        message="Pensez au logo.",
        source="guide ARS ARA 2019",
    ),
    Finding(
        rule="name.missing",
        severity="bloquant",
        message="Le nom de l'association manque.",
        source="formulaire de pré-projet ARS ARA",
        question_id=NAME_QID,
        interview_id="preprojet",
    ),
    Finding(
        rule="review.y",
        severity="a_revoir",
        message="Dates dans le désordre.",
        source="guide ARS ARA 2019",
    ),
)


async def test_verifier_groups_by_severity_and_opens_the_question(conv, monkeypatch):
    monkeypatch.setattr(readiness, "check", lambda bundle, dossier: Report(findings=FINDINGS))
    p = Player(conv, 1, "Julie M.")
    await p.say("/nouvelle_equipe CPTS des Trois Vallées")
    await p.press_data("i:preprojet")
    pending = await p.pending()
    await p.say("/verifier")
    text = p.text
    assert text.index("Bloquant") < text.index("À revoir") < text.index("Conseil")
    assert "1. Le nom de l'association manque." in text
    assert "formulaire de pré-projet ARS ARA" in text
    assert "3. Pensez au logo." in text
    labels = [b.label for b in p.buttons()]
    assert labels.count("✏️ 1") == 1 and "✏️ 3" not in labels  # only fixable findings
    assert "↩️ Revenir à la question" in labels
    await p.press("✏️ 1")
    assert await p.pending() == NAME_QID
    await p.say("Association CPTS des Trois Vallées")
    assert (await p.stored())[NAME_QID].value == "Association CPTS des Trois Vallées"
    # the interview goes on where it was before the fix
    assert await p.pending() == pending


async def test_verifier_with_no_findings(conv):
    p = Player(conv, 2, "Marc D.")
    await p.say("/nouvelle_equipe CPTS du Test")
    await p.say("/verifier")
    assert "Vérification avant dépôt" in p.text
    assert any(b.data == "vf" for b in p.buttons())


def test_document_arguments_name_the_version():
    assert parse_arg("").version == "travail"
    assert parse_arg("envoi").version == "envoi"
    request = parse_arg("2-pdf-envoi")
    assert request is not None and (request.action, request.fmt, request.version) == (
        "2",
        "pdf",
        "envoi",
    )
    assert parse_arg("brouillon") is None


async def test_documents_offer_both_versions(conv, monkeypatch):
    from bot.documents import service

    seen: list[str] = []
    real_generate = service.generate

    def generate(*args, **kwargs):
        seen.append(kwargs.get("version", "travail"))
        return real_generate(*args, **kwargs)

    monkeypatch.setattr(service, "generate", generate)
    p = Player(conv, 3, "Anne B.")
    await p.say("/nouvelle_equipe CPTS du Test")
    await p.say("/documents")
    await p.press("Pré-projet")
    assert "version de travail" in p.text
    await p.press("Version à envoyer")
    assert "version à envoyer" in p.text
    assert seen == ["travail", "envoi"]
    assert any(r.document is not None for r in p.replies)
    assert "Version de travail" in [b.label for b in p.buttons()][-1]
