"""The Slack bot: Slack events in, calls on :mod:`recon`, Block Kit out.

It holds no billing logic. :func:`bot.app.build_app` builds the Bolt app;
:mod:`bot.notify` has the functions the scheduler shares (alerts after a run, the digest);
``python -m bot`` starts it (see ``docs/slack.md``).
"""
