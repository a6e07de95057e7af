"""Family cases: who may see what, and everything that changes a case (no Telegram here).

Rules kept here, so every handler gets them the same way:

* **Access.** An active member, the case volunteer (while their volunteer status is
  "approved"), or an admin. Closed cases are visible to admins only. Handlers call
  :func:`get_access` on every action: callback data can be forged or stale.
* **Someone is always responsible.** Each open case has exactly one owner. When the owner
  leaves (or is forgotten), ownership passes to the member who joined earliest; when no
  member is left, the case closes (volunteer and pending requests are let go, invitations
  revoked). After ``/forget`` a case whose only member was that person is deleted outright.
* **Joining.** A one-time invitation (token shown once, only its hash stored; it expires and
  can be revoked) lets a person ask to join; the owner or the case volunteer approves.
* **Volunteers.** A family asks for one; approved volunteers see the queue without names or
  places and take a case atomically; admins reassign. Every volunteer or admin view of a case
  is written to the audit log.
* **Matches.** When a person's A-number (or Latin name and date of birth) is already in
  another open case, only that case's owner and volunteer are told; the person adding it
  hears nothing unless that family sends an invitation.

The rules live in one module each, by responsibility: ``access`` (who may see a case),
``events`` (the timeline), ``persons`` (people and matches), ``members`` (joining, leaving,
ownership, /forget), ``volunteering`` (the volunteer queue), ``invitations``. This module
names them all in one place for the handlers.
"""

from __future__ import annotations

from bot.cases import invitations
from bot.cases.access import (
    CaseAccess as CaseAccess,
)
from bot.cases.access import (
    active_members as active_members,
)
from bot.cases.access import (
    audit as audit,
)
from bot.cases.access import (
    audit_view as audit_view,
)
from bot.cases.access import (
    can_access as can_access,
)
from bot.cases.access import (
    get_access as get_access,
)
from bot.cases.access import (
    my_cases as my_cases,
)
from bot.cases.access import (
    recent_cases as recent_cases,
)
from bot.cases.access import (
    volunteer_cases as volunteer_cases,
)
from bot.cases.access import (
    volunteer_in_good_standing as volunteer_in_good_standing,
)
from bot.cases.access import (
    volunteer_state as volunteer_state,
)
from bot.cases.errors import CaseError as CaseError
from bot.cases.events import (
    MAX_UPDATE_CHARS as MAX_UPDATE_CHARS,
)
from bot.cases.events import (
    NOTIFIED_EVENTS as NOTIFIED_EVENTS,
)
from bot.cases.events import (
    EventKind as EventKind,
)
from bot.cases.events import (
    new_event as new_event,
)
from bot.cases.events import (
    post_update as post_update,
)
from bot.cases.events import (
    record as record,
)
from bot.cases.events import (
    timeline as timeline,
)
from bot.cases.members import (
    Handover as Handover,
)
from bot.cases.members import (
    LeaveOutcome as LeaveOutcome,
)
from bot.cases.members import (
    LeavePreview as LeavePreview,
)
from bot.cases.members import (
    close_case as close_case,
)
from bot.cases.members import (
    decide_join as decide_join,
)
from bot.cases.members import (
    forget as forget,
)
from bot.cases.members import (
    forget_plan as forget_plan,
)
from bot.cases.members import (
    leave as leave,
)
from bot.cases.members import (
    member_in_case as member_in_case,
)
from bot.cases.members import (
    pending_members as pending_members,
)
from bot.cases.members import (
    preview_leave as preview_leave,
)
from bot.cases.members import (
    removable_member as removable_member,
)
from bot.cases.members import (
    remove_member as remove_member,
)
from bot.cases.members import (
    set_muted as set_muted,
)
from bot.cases.members import (
    tell_handovers as tell_handovers,
)
from bot.cases.members import (
    transfer_ownership as transfer_ownership,
)
from bot.cases.persons import (
    MAX_PERSONS as MAX_PERSONS,
)
from bot.cases.persons import (
    StatusChange as StatusChange,
)
from bot.cases.persons import (
    add_person as add_person,
)
from bot.cases.persons import (
    dismiss_match as dismiss_match,
)
from bot.cases.persons import (
    initial_status as initial_status,
)
from bot.cases.persons import (
    invite_match as invite_match,
)
from bot.cases.persons import (
    match_for as match_for,
)
from bot.cases.persons import (
    match_person as match_person,
)
from bot.cases.persons import (
    open_case as open_case,
)
from bot.cases.persons import (
    open_person as open_person,
)
from bot.cases.persons import (
    person_in_case as person_in_case,
)
from bot.cases.persons import (
    persons as persons,
)
from bot.cases.persons import (
    seal_person as seal_person,
)
from bot.cases.persons import (
    set_status as set_status,
)
from bot.cases.persons import (
    update_person as update_person,
)
from bot.cases.volunteering import (
    NEEDS as NEEDS,
)
from bot.cases.volunteering import (
    QueueEntry as QueueEntry,
)
from bot.cases.volunteering import (
    active_volunteers as active_volunteers,
)
from bot.cases.volunteering import (
    need_at as need_at,
)
from bot.cases.volunteering import (
    queue as queue,
)
from bot.cases.volunteering import (
    queue_entry as queue_entry,
)
from bot.cases.volunteering import (
    reassign as reassign,
)
from bot.cases.volunteering import (
    release_case as release_case,
)
from bot.cases.volunteering import (
    request_volunteer as request_volunteer,
)
from bot.cases.volunteering import (
    take_case as take_case,
)

# Invitations live in bot/cases/invitations.py; these names stay for existing callers.
INVITE_TTL = invitations.INVITE_TTL
MATCH_INVITE_TTL = invitations.MATCH_INVITE_TTL
MAX_OPEN_INVITES = invitations.MAX_OPEN_INVITES
check_invitation = invitations.check_invitation
create_invitation = invitations.create_invitation
hash_token = invitations.hash_token
invitation_by_token = invitations.invitation_by_token
open_invitations = invitations.open_invitations
request_join = invitations.request_join
revoke_invitation = invitations.revoke_invitation
