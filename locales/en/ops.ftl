## Operators: statistics, knowledge-base gaps, the access log, coordinators

ops-none = —
ops-minutes = { $n } min
ops-days = { $n } days
ops-stats =
    <b>📊 Statistics on { $date }</b> (last { $days } days)

    <b>👥 Users:</b> { $users }
    by role: { $roles }
    by language: { $languages }
    active in 7 days: { $active7 }, in 30 days: { $active30 }; blocked the bot: { $blocked }

    <b>❓ Questions:</b> asked { $asked }, answered from the knowledge base { $answered }, not answered { $declined }, "not it" { $notit }

    <b>🙋 Questions to volunteers:</b> opened { $opened }, taken { $claimed }
    first response: median { $median }, 90% within { $p90 }
    waiting past the SLA: { $oversla }

    <b>👨‍👩‍👧 Family cases:</b> open { $cases }, with a volunteer { $withvol }, waiting for one { $waiting }
    <b>⚖️ Hearings in the next 7 days:</b> { $hearings }
    <b>✉️ Reminders and notifications:</b> sent { $sent }, failed { $failed }, queued { $pending }
ops-role-relative = relatives
ops-role-seeker_mexico = waiting in Mexico
ops-role-seeker_us = in the US
ops-role-volunteer = volunteers
ops-role-unset = no role
ops-chart-caption = Last { $days } days: { $qmark } questions, { $tmark } questions to volunteers
ops-gaps =
    <b>🕳 What the knowledge base is missing</b> (last { $days } days, { $groups } groups)
    { $lines }

    Volunteers' topic proposals waiting for review: { $proposals } (/proposals)
ops-gaps-empty = Nothing yet: the bot answered every question.
ops-gap-declined = • <b>{ $n }×</b> not answered: { $q }
ops-gap-not-it = • <b>{ $n }×</b> "not it" on «{ $topic }»: { $q }
ops-audit =
    <b>🗂 Access log</b> (newest first)
    { $lines }
ops-audit-empty = No entries.
ops-audit-line = • { $when }: <code>{ $actor }</code> — { $action } { $obj }
ops-audit-nobody = system
ops-audit-older = ⬅️ Older
ops-coordinators =
    <b>🧭 Coordinators</b>
    { $lines }

    To add one: <code>/coordinators add ID</code> (the Telegram ID of someone who has already written to the bot). Coordinators see statistics, knowledge-base gaps and the log, and send broadcasts; they cannot grant roles.
ops-coord-none = Nobody yet.
ops-coord-line = • <code>{ $id }</code> since { $since }
ops-coord-revoke = Remove the role from { $id }
ops-coord-granted = ✅ { $id } is now a coordinator.
ops-coord-revoked = Role removed.
ops-error-not-allowed = This command is for admins and coordinators only.
ops-error-audit-usage = Like this: /audit, /audit case 12, /audit ticket 3, /audit vol 123456, /audit day 2026-12-01
ops-error-coord-usage = Like this: /coordinators or /coordinators add 123456
ops-error-unknown-user = This person has not written to the bot yet: ask them to press /start.
ops-error-already-coordinator = This person is already a coordinator.
ops-error-not-coordinator = This person is not a coordinator.
export-title = Case #{ $case }
export-generated = Exported { $date } (UTC).
export-confidential = Confidential: this holds the family's personal data. Keep it safe and share it only with the case's lawyer.
export-people = People
export-hearings = Hearings
export-deadlines = Deadlines
export-timeline = Case timeline
export-none = None.
export-hearing-status = Status: { $status }; outcome: { $outcome }
