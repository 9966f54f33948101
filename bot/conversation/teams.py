"""Team life: start, help, create, join, invite, switch, leave, export and erasure."""

from __future__ import annotations

import json
import re
import secrets

from bot.conversation import buttons as B
from bot.conversation import commands
from bot.conversation import interview as flow
from bot.conversation.context import Ctx
from bot.conversation.messages import Reply
from bot.conversation.navigation import show_interviews
from bot.conversation.services import Services
from bot.conversation.state import ConvState
from bot.conversation.ui import t
from bot.store import InviteInvalid, PermissionDenied

TEAM_NAME_MAX = 80
INVITE_CODE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def need_team(ctx: Ctx) -> None:
    ctx.say(t("need_team"), [[B.button(t("btn_new_team"), "nt"), B.button(t("btn_join"), "jt")]])


def _reset(ctx: Ctx) -> None:
    ctx.state = ConvState(name=ctx.state.name)


# ----------------------------------------------------------------------------- commands


async def cmd_start(ctx: Ctx, svc: Services, arg: str) -> None:
    if arg:
        await join(ctx, svc, arg)
        return
    teams = await svc.store.teams_of(ctx.user.id)
    if not teams:
        ctx.say(t("welcome"), [[B.button(t("btn_new_team"), "nt"), B.button(t("btn_join"), "jt")]])
        return
    if ctx.team_id is None:
        ctx.team_id = teams[0].id
    team = next((x for x in teams if x.id == ctx.team_id), teams[0])
    ctx.say(t("welcome_back", team=team.name))
    if ctx.state.mode != "idle":
        await flow.ask(ctx, svc)
    else:
        await show_interviews(ctx, svc)


async def cmd_help(ctx: Ctx, svc: Services, arg: str) -> None:
    ctx.say(t("help", commands=commands.menu()))


async def cmd_new_team(ctx: Ctx, svc: Services, arg: str) -> None:
    if arg:
        await create_team(ctx, svc, arg)
        return
    _reset(ctx)
    ctx.state.mode = "team_name"
    await flow.ask(ctx, svc)


async def create_team(ctx: Ctx, svc: Services, name: str) -> None:
    name = " ".join(name.split())
    if not name or len(name) > TEAM_NAME_MAX:
        ctx.say(t("team_name_invalid", max=TEAM_NAME_MAX))
        ctx.state.mode = "team_name"
        return
    team = await svc.store.create_team(ctx.user.id, name)
    _reset(ctx)
    ctx.team_id = team.id
    ctx.note(t("team_created", team=team.name))
    await show_interviews(ctx, svc)


async def cmd_join(ctx: Ctx, svc: Services, arg: str) -> None:
    if arg:
        await join(ctx, svc, arg)
        return
    _reset(ctx)
    ctx.state.mode = "invite_code"
    await flow.ask(ctx, svc)


async def join(ctx: Ctx, svc: Services, code: str) -> None:
    code = code.strip()
    if not INVITE_CODE.match(code):
        ctx.say(t("invite_invalid", reason="unknown"))
        ctx.state.mode = "idle"
        return
    try:
        team = await svc.store.redeem_invite(code, ctx.user.id)
    except InviteInvalid as exc:
        ctx.say(t("invite_invalid", reason=exc.reason))
        ctx.state.mode = "idle"
        return
    _reset(ctx)
    ctx.team_id = team.id
    ctx.note(t("team_joined", team=team.name))
    await show_interviews(ctx, svc)


async def cmd_invite(ctx: Ctx, svc: Services, arg: str) -> None:
    assert ctx.team_id is not None
    code = await svc.store.create_invite(ctx.team_id, ctx.user.id)
    ctx.send(Reply(text=t("invite_created", code=code), invite_code=code))


async def cmd_revoke(ctx: Ctx, svc: Services, arg: str) -> None:
    assert ctx.team_id is not None
    try:
        n = await svc.store.revoke_invites(ctx.team_id, ctx.user.id)
    except PermissionDenied:
        ctx.say(t("owner_only"))
        return
    ctx.say(t("invites_revoked", n=n))


async def cmd_teams(ctx: Ctx, svc: Services, arg: str) -> None:
    teams = await svc.store.teams_of(ctx.user.id)
    kb = [[B.button(("▶️ " if x.id == ctx.team_id else "") + x.name[:40], "t", x.id)] for x in teams]
    kb.append([B.button(t("btn_new_team"), "nt"), B.button(t("btn_join"), "jt")])
    ctx.say(t("teams", n=len(teams)), kb)


async def cmd_export(ctx: Ctx, svc: Services, arg: str) -> None:
    assert ctx.team_id is not None
    data = await svc.store.export_team(ctx.team_id, ctx.user.id)
    path = svc.files.new_dir(ctx.team_id) / f"dossier-cpts-{ctx.team_id}.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    ctx.send(
        Reply(
            text=t("export_ready"),
            document=path,
            document_name=path.name,
            discard_after_send=True,
            busy="sending_file",
        )
    )


async def cmd_leave(ctx: Ctx, svc: Services, arg: str) -> None:
    assert ctx.team_id is not None
    if await svc.store.role(ctx.team_id, ctx.user.id) == "owner":
        ctx.say(t("owner_cannot_leave"))
        return
    await svc.store.leave_team(ctx.team_id, ctx.user.id)
    _reset(ctx)
    ctx.team_id = None
    ctx.say(t("left_team"))


async def cmd_delete(ctx: Ctx, svc: Services, arg: str) -> None:
    assert ctx.team_id is not None
    if await svc.store.role(ctx.team_id, ctx.user.id) != "owner":
        ctx.say(t("owner_only"))
        return
    ctx.state.delete_tok = secrets.token_urlsafe(4)
    team = next(x for x in await svc.store.teams_of(ctx.user.id) if x.id == ctx.team_id)
    ctx.say(
        t("delete_confirm", team=team.name),
        [
            [
                B.button(t("btn_delete_yes"), "dl", ctx.state.delete_tok, "y"),
                B.button(t("btn_delete_no"), "dl", ctx.state.delete_tok, "n"),
            ]
        ],
    )


async def cmd_erase_me(ctx: Ctx, svc: Services, arg: str) -> None:
    """Right to erasure: asks first, then leaves every team and forgets the person."""
    ctx.state.delete_tok = secrets.token_urlsafe(4)
    ctx.say(
        t("erase_me_confirm"),
        [
            [
                B.button(t("btn_erase_me_yes"), "eu", ctx.state.delete_tok, "y"),
                B.button(t("btn_delete_no"), "eu", ctx.state.delete_tok, "n"),
            ]
        ],
    )


async def btn_erase_me(ctx: Ctx, svc: Services, press: B.Press) -> None:
    tok, answer = press.arg(0), press.arg(1)
    if not ctx.state.delete_tok or tok != ctx.state.delete_tok:
        ctx.toast(t("stale_toast"))
        return
    ctx.state.delete_tok = ""
    if answer != "y":
        ctx.say(t("erase_me_cancelled"))
        return
    for team_id in await svc.store.delete_user_data(ctx.user.id):
        svc.files.delete_team(team_id)
    _reset(ctx)
    ctx.team_id = None
    ctx.forget_user = True  # no session row is written back for this person
    ctx.say(t("erase_me_done"))


# ----------------------------------------------------------------------------- global buttons


async def btn_team(ctx: Ctx, svc: Services, press: B.Press) -> None:
    try:
        team_id = int(press.arg(0))
    except ValueError:
        team_id = -1
    teams = await svc.store.teams_of(ctx.user.id)
    team = next((x for x in teams if x.id == team_id), None)
    if team is None:
        ctx.toast(t("stale_toast"))
        return
    _reset(ctx)
    ctx.team_id = team.id
    ctx.set_dossier(None)
    ctx.note(t("team_switched", team=team.name))
    await show_interviews(ctx, svc)


async def btn_new_team(ctx: Ctx, svc: Services, press: B.Press) -> None:
    await cmd_new_team(ctx, svc, "")


async def btn_join(ctx: Ctx, svc: Services, press: B.Press) -> None:
    await cmd_join(ctx, svc, "")


async def btn_delete(ctx: Ctx, svc: Services, press: B.Press) -> None:
    tok, answer = press.arg(0), press.arg(1)
    if not ctx.state.delete_tok or tok != ctx.state.delete_tok or ctx.team_id is None:
        ctx.toast(t("stale_toast"))
        return
    ctx.state.delete_tok = ""
    if answer != "y":
        ctx.say(t("delete_cancelled"))
        return
    try:
        await svc.store.delete_team(ctx.team_id, ctx.user.id)
    except PermissionDenied:
        ctx.say(t("owner_only"))
        return
    svc.files.delete_team(ctx.team_id)  # drafts and exports not yet swept go with the team
    _reset(ctx)
    ctx.team_id = None
    ctx.say(t("team_deleted"))
