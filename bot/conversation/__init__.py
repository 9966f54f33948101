"""Transport-agnostic conversation: decides what each incoming message means."""
