"""Telegram transport: translates Bot API updates into ``Incoming`` and ``Reply`` into messages.

Thin on purpose: no decision is taken here, the conversation layer decides everything.
Modules: ``app`` (wiring, run), ``handlers`` (update → Incoming), ``send`` (Reply → Bot API
calls, message splitting), ``ordering`` (per-user update ordering), ``ui`` (adapter strings).
"""
