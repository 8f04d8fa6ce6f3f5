"""Posting to people who are not logged in: chat groups (Feishu, DingTalk, WeCom, Slack),
a plain webhook and e-mail (docs/notify.md).

    (store/core/outbox.py — `emit(tx, topic, subject, **data)`: an event written with the
    change itself; store.projects.project.emit_project and store.warroom.records.emit_incident
    add what a project's or an incident's event carries)
    channels  — the workspace's channels and what each is linked to (no secrets)
    secrets   — the sending account's private file of URLs, signing secrets, SMTP logins
    messages  — an event as a translated message (title, lines, record id, mentions)
    escape    — the one Markdown/mrkdwn escaping rule of the chat services
    formats   — each service's documented request (payload, signature)
    transport — HTTP (urllib) and SMTP, with secrets kept out of errors
    queue     — deliveries: ingest once, claim under the lock, record the outcome
    sender    — one pass (`run_once`) and the loop of `huddle notify run`
"""
