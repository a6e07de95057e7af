## Family cases: relatives, the people detained and a case volunteer

cases-none = —
cases-home =
    <b>👨‍👩‍👧 Family cases</b>
    A family case brings relatives and one volunteer together around the people who are detained, in a shelter or already released. Only members the owner approved, and one volunteer, can see it.
    { $count ->
        [0] You have no cases yet. Open one and I will ask about each person step by step.
        [one] You have { $count } case:
       *[other] You have { $count } cases:
    }
cases-home-case = 📁 Case #{ $case }: { $names }
cases-btn-new = ➕ Open a new case
cases-btn-queue-count = 📋 Queue ({ $count })
cases-btn-mine = 🤝 My cases (volunteer)
cases-btn-all = 🗂 All cases (admin)
cases-btn-home = ⬅️ Back to cases
cases-btn-open = 📁 Open case #{ $case }

## The case card

cases-card =
    <b>📁 Case #{ $case }</b>{ $closed ->
        [yes] {" "}(closed)
       *[no] {""}
    }
    You are: { $role }

    <b>People in this case:</b>
    { $persons }

    { $volunteer }
    Members: { $members }{ $muted ->
        [yes] {" "}· 🔕 notifications off
       *[no] {""}
    }
cases-person-line = • <b>{ $name }</b> — { $status }, { $place }
cases-role-owner = case owner
cases-role-member = member
cases-role-volunteer = case volunteer
cases-role-admin = administrator
cases-card-volunteer = 🤝 Helping: { $name }
cases-card-volunteer-waiting = 🤝 Volunteer: waiting for someone to take the case
cases-card-volunteer-none = 🤝 No volunteer yet — you can ask for one.
cases-btn-add-person = ➕ Add a person
cases-btn-update = ✍️ Post an update
cases-btn-note = 🔒 Note for volunteers
cases-btn-timeline = 🕓 Timeline
cases-btn-members = 👥 Members
cases-btn-next = 🧭 What to do now
cases-btn-ask-volunteer = 🙋 Ask for a volunteer
cases-btn-release = ↩️ Return the case to the queue
cases-btn-reassign = 🔁 Reassign to another volunteer
cases-btn-mute = 🔕 Mute notifications
cases-btn-unmute = 🔔 Unmute notifications
cases-btn-leave = 🚪 Leave the case

## Statuses and places

cases-status-detained = detained
cases-status-transferred = transferred
cases-status-released = released
cases-status-removed = removed (deported)
cases-status-unknown = unknown
cases-loc-facility = ICE facility
cases-loc-court = immigration court
cases-loc-unknown = whereabouts unknown
cases-loc-released = released
cases-loc-shelter = in a children's shelter
cases-loc-mexico = in Mexico
cases-loc-other = another place
cases-loc-btn-unknown = ❓ I don't know where
cases-loc-btn-released = 🔓 Already released
cases-loc-btn-shelter = 🧸 In a children's shelter
cases-loc-btn-mexico = 🇲🇽 In Mexico

cases-rel-husband = husband
cases-rel-wife = wife
cases-rel-son = son
cases-rel-daughter = daughter
cases-rel-father = father
cases-rel-mother = mother
cases-rel-brother = brother
cases-rel-sister = sister

cases-country-RU = Russia
cases-country-BY = Belarus
cases-country-UA = Ukraine
cases-country-KZ = Kazakhstan
cases-country-UZ = Uzbekistan
cases-country-KG = Kyrgyzstan
cases-country-TJ = Tajikistan
cases-country-AM = Armenia
cases-country-GE = Georgia
cases-country-AZ = Azerbaijan
cases-country-MD = Moldova
cases-country-TM = Turkmenistan

## The person form

cases-form-intro =
    I will ask about the person step by step: name, date and country of birth, A-number, where they are now, when they were detained. Optional steps can be skipped, and Back returns to any step.
    Names, dates, A-numbers, places and notes are stored encrypted.
cases-ask-latin_name =
    <b>Step 1.</b> Surname and given name <b>in Latin letters exactly as in the passport</b>, surname first.
    For example: <code>IVANOV IVAN</code>
    If the surname has several words, put a comma after it: <code>SAN MARTIN, ELENA</code>
cases-ask-cyrillic_name = <b>Step 2.</b> Full name in Cyrillic. For example: <code>Иванов Иван Петрович</code>
cases-ask-birth_date = <b>Step 3.</b> Date of birth: day, month, year. For example: <code>15.03.1985</code>
cases-ask-birth_country =
    <b>Step 4.</b> Country of birth. Choose a button or type it.
    For someone born in the USSR, choose the country where that place is now.
cases-ask-a_number =
    <b>Step 5.</b> A-number (Alien number): nine digits, printed top right on the Notice to Appear (NTA) and on every ICE or court paper.
    For example: <code>A-123-456-789</code> or <code>123456789</code>. Don't know it? Skip and add it later.
cases-ask-location =
    <b>Step 6.</b> Where is { $name } now? Type the name of the facility or the city (for example <code>Adelanto</code>, <code>Jena</code>, <code>El Paso</code>) and I'll look it up among ICE facilities and immigration courts.
    Or choose:
cases-ask-detained_on = <b>Step 7.</b> When were they detained? A date, for example <code>02.11.2026</code>
cases-ask-relation = <b>Step 8.</b> Who is { $name } to you? Choose or type it (for example "nephew").
cases-ask-notes = <b>Step 9.</b> Short notes: health, medicines, lawyer, what a volunteer should know. Only what matters — up to 600 characters.
cases-ask-current = Currently: <b>{ $value }</b>. Type a new value or press a button.
cases-skip-cyrillic_name = ⏭ Skip
cases-skip-birth_date = ⏭ Don't know, skip
cases-skip-birth_country = ⏭ Skip
cases-skip-a_number = ⏭ I don't know the A-number
cases-skip-detained_on = ⏭ Don't know, skip
cases-skip-relation = ⏭ Skip
cases-skip-notes = ⏭ No notes
cases-btn-back = ⬅️ Back
cases-btn-cancel = ✖️ Cancel
cases-btn-save = ✅ Save
cases-btn-change = ✏️ Change something
cases-btn-place-typed = ✍️ Keep what I typed
cases-place-found = Here is what I found for "{ $typed }". Choose the place, or keep what you typed:
cases-place-not-found = I couldn't find "{ $typed }" among the facilities and courts I know. Try another spelling (just the name or the city), or keep what you typed:
cases-wizard-summary =
    In Latin letters: <b>{ $latin }</b>
    In Cyrillic: { $cyrillic }
    Date of birth: { $birth }
    Country of birth: { $country }
    A-number: { $anumber }
    Where now: { $place }
    Detained on: { $detained }
    Relation to you: { $relation }
    Notes: { $notes }
cases-wizard-confirm =
    <b>Please check that everything is right:</b>

    { $summary }
cases-wizard-which = What should I change?
cases-field-latin_name = Name in Latin letters
cases-field-cyrillic_name = Name in Cyrillic
cases-field-birth_date = Date of birth
cases-field-birth_country = Country of birth
cases-field-a_number = A-number
cases-field-location = Where now
cases-field-detained_on = Date detained
cases-field-relation = Relation
cases-field-notes = Notes
cases-form-lost = The form got mixed up and I could not continue it. Open "Family cases" in /menu and start the form again.
cases-form-cancelled = OK, form cancelled — nothing from it was saved.
cases-form-interrupted =
    ✋ The form is not saved yet; I am keeping it:

    { $summary }

    Save it, go back to it, or throw it away? The button you pressed will work after that.
cases-btn-form-resume = ✏️ Back to the form
cases-btn-form-discard = 🗑 Throw the form away
cases-use-buttons = Please choose with a button below the message.
cases-text-only = I'm waiting for text here. Photos, voice messages and files don't fit.
cases-saved-new-case =
    ✅ Opened case #{ $case } and saved <b>{ $name }</b>.
    Add the others — a second spouse or a child, for example. Or press Done and I'll tell you what to do now.
cases-saved-person = ✅ Added to case #{ $case }: <b>{ $name }</b>.
cases-btn-add-another = ➕ Add another person
cases-btn-done = ✅ Done — what to do now
cases-person-saved = ✅ Saved.

cases-err-latin-empty = Please type the surname and given name in Latin letters.
cases-err-latin-long = That's too long. Type the surname and name as in the passport.
cases-err-latin-cyrillic = I need Latin letters, as in the passport, for example <code>IVANOV IVAN</code>. I'll ask for Cyrillic in the next step.
cases-err-latin-chars = Only Latin letters, spaces, hyphens and apostrophes, as in the passport. For example: <code>IVANOV IVAN</code>
cases-err-latin-one_word = I need both surname and given name, for example <code>IVANOV IVAN</code>.
cases-err-cyrillic = Please type in Cyrillic: letters, spaces and hyphens only. For example: <code>Иванов Иван Петрович</code>
cases-err-date-format = I didn't understand the date. Type day, month and year in digits: <code>15.03.1985</code>
cases-err-date-no_such_day = There is no such day. Check the day and month: <code>15.03.1985</code>
cases-err-date-future = That date hasn't come yet. Check the year.
cases-err-date-too_old = That year is too early. Check the date: <code>15.03.1985</code>
cases-err-date-ambiguous_order = A date with slashes can be read two ways: month/day as in the US, or day/month as in Russia. Which is the month? Type it with dots, day first, e.g. <code>02.01.1990</code> for January 2, 1990.
cases-err-date-before_birth = The detention date is before the date of birth. Check the year.
cases-err-anumber =
    { $reason ->
        [length] An A-number has 9 digits (I add the leading zero to old 8-digit numbers myself).
       *[other] That doesn't look like an A-number.
    } Type it like this: <code>A-123-456-789</code> or <code>123456789</code>.
cases-err-too-long = That's too long — please shorten it.
cases-err-empty = Please write at least a few words.

## A person in the case

cases-person-card =
    <b>{ $latin }</b>
    In Cyrillic: { $cyrillic }
    Date of birth: { $birth }
    Country of birth: { $country }
    A-number: { $anumber }
    Status: <b>{ $status }</b>
    Where: { $place }{ $local }
    Detained on: { $detained }
    Relation: { $relation }
    Notes: { $notes }
cases-person-local-time = 🕓 Local time there: { $time } ({ $tz })
cases-btn-status = 🔄 Change status
cases-btn-edit = ✏️ Edit details
cases-status-choose = What changed? Choose the new status — every member of the case will be told.
cases-status-saved = ✅ Status changed; the case members will be notified.

## What to do now

cases-next-person = <b>🧭 What to do now: { $name }</b>
cases-next-country-unknown = the country of birth
cases-next-dob-unknown = (if you know it)
cases-next-facility =
    📍 <b>{ $name }</b> ({ $city }, { $state }). Local time there: { $time } ({ $tz }).
    The facility's page on ice.gov has visiting hours, the phone number, and how to send mail and money.
cases-next-court =
    ⚖️ <b>{ $name }</b> ({ $city }, { $state }). Local time there: { $time } ({ $tz }).
cases-next-locator-anumber =
    🔎 <b>ICE detainee locator by A-number</b> — locator.ice.gov (it has a Russian version), "A-Number" tab:
    • A-Number: <code>{ $digits }</code> (9 digits, no letter A)
    • Country of Birth: <b>{ $country }</b>
cases-next-locator-name =
    🔎 <b>ICE detainee locator by name</b> — same site, "Biographical Information" tab:
    • Last Name: <code>{ $last }</code>
    • First Name: <code>{ $first }</code>
    • Country of Birth: <b>{ $country }</b>
    • Date of Birth: <code>{ $dob }</code>
    The name must match the passport letter for letter.
cases-next-locator-ussr = ⚠️ For people born in the USSR it is not clear which country the locator expects. If "Russia" finds nothing, try the other plausible options.
cases-next-locator-limits = ℹ️ The locator updates with a delay (about 8 hours after a transfer or release) and does not show people still held by the Border Patrol (CBP) or children under 18. If you don't find them, keep checking.
cases-next-unknown =
    📞 <b>Don't know where they are?</b> ICE Detention Reporting and Information Line: <b>1-888-351-4024</b>, Mon–Fri 8 a.m.–8 p.m. Eastern, language help available.
cases-next-eoir =
    ⚖️ <b>Court (EOIR)</b> — next hearing, the judge's decision, appeals:
    • website acis.eoir.justice.gov/en/ — A-number <code>{ $digits }</code>
    • hotline <b>1-800-898-7180</b> (menu in English and Spanish), enter <code>{ $digits }</code> without the letter A.
    It has nothing on bond or motions, and expedited removal orders do not appear there.
cases-next-no-anumber = 🔢 <b>No A-number yet.</b> It is printed top right on the Notice to Appear (NTA, Form I-862) and on every letter from ICE or the court. As soon as you know it, add it to the case: "Edit details" → "A-number". With it you can check the court case.
cases-next-orr =
    🧸 <b>A child in a shelter (ORR)</b>: ORR National Call Center <b>1-800-203-7001</b>, information@ORRNCC.com. Give the child's name, date and country of birth, and the A-number if you know it.
    The call center will not say where the child is: it passes your details to the shelter, and the shelter contacts the parent after checking identity. A parent in detention can dial <b>699#</b> from the facility phone.
    ⚠️ Since July 2025 sponsors, parents included, must appear in person for identity checks with fingerprints; ICE may be present and arrests have been reported. Talk to a lawyer before you go.
cases-next-released = 🔓 <b>Released:</b> check the court date (EOIR) and give the court the new address within 5 days (Form EOIR-33, can be filed online). Don't miss ICE check-ins.
cases-next-removed = ✈️ <b>Removed:</b> talk to a lawyer as soon as possible — sometimes something can still be done. Read the article on the risks after return.
cases-next-mexico = 🇲🇽 <b>In Mexico:</b> keep documents on you and agree on when to get in touch. Read the article on waiting in Mexico.
cases-next-reading = <b>📖 Worth reading:</b> knowledge-base articles picked for your case.

## Timeline and updates

cases-timeline =
    <b>🕓 Timeline of case #{ $case }</b>
    { $lines }
cases-ev-created = Case opened ({ $author })
cases-ev-person_added = { $author } added { $person }
cases-ev-person_edited = { $author } edited the details of { $person }
cases-ev-update = <b>{ $author }:</b> { $text }
cases-ev-note = <b>{ $author }:</b> { $text }
cases-ev-status = { $person }: <b>{ $status }</b> { $place } ({ $author })
cases-ev-joined = Joined the case: { $author }
cases-ev-left = Left the case: { $author }
cases-ev-removed = Removed from the case: { $author }
cases-ev-owner_changed = New case owner: { $author }
cases-ev-volunteer_requested = The family asked for a volunteer ({ $author })
cases-ev-volunteer_assigned = Case taken by { $author }
cases-ev-volunteer_released = The volunteer returned the case to the queue
cases-ev-private-mark = 🔒
cases-author-gone = a former member
cases-author-volunteer = the case volunteer
cases-author-volunteer-named = volunteer { $name }
cases-author-staff = an administrator
cases-author-owner = the case owner
cases-author-opener = the person who opened the case
cases-author-member = a member
cases-ask-update = Write an update for everyone in case #{ $case }. I'll pass it on exactly as written, to each of them with a note in their own language.
cases-ask-note = A note for case #{ $case } — only the case volunteer and administrators will see it, the family won't.
cases-update-sent = ✅ Sent to everyone in the case.
cases-note-saved = ✅ Note saved (volunteers only).
cases-btn-reply = ↩️ Reply

## Members and invitations

cases-members =
    <b>👥 Members of case #{ $case }</b>
    { $lines }

    Active invitation links: { $invitations }
cases-member-line = • { $who }{ $owner ->
        [yes] {" "}👑
       *[no] {""}
    }{ $you ->
        [yes] {" "}(you)
       *[no] {""}
    }
cases-member-pending = • ⏳ Asking to join: "{ $relation }" — { $name }
cases-btn-invite = 🔗 Invite a relative
cases-btn-revoke = 🗑 Revoke link (until { $until })
cases-btn-remove = 🚫 Remove: { $who }
cases-btn-make-owner = 👑 Make owner
cases-btn-remove-yes = 🚫 Yes, remove
cases-remove-confirm = Remove { $who } from the case? They will no longer see it or get updates.
cases-removed = Removed from the case: { $who }.
cases-owner-transferred = { $who } now owns the case. You remain a member.
cases-btn-approve = ✅ Approve
cases-btn-reject = ❌ Reject
cases-invite-link =
    🔗 Forward this link to your relative — only to them:
    { $link }

    It works once and is valid for { $days ->
        [one] { $days } day
       *[other] { $days } days
    }. Whoever opens it says who they are to the family, and you (or the volunteer) decide whether to let them in. Until you approve, they see nothing of case #{ $case }.
cases-invite-revoked = Link revoked.
cases-join-onboard-first = You have been invited to a family case. First a couple of quick questions, then we continue.
cases-join-ask-relation = You have been invited to a family case. Who are you to the family? Write it briefly, for example "Ivan's mother", "Olga's sister".
cases-join-sent = Thank you! I passed your request to the case owner. I'll message you as soon as you're approved.
cases-join-declined = OK. If you change your mind, open the link again while it is valid.
cases-join-approved = ✅ Approved: "{ $relation }".
cases-join-rejected = Request rejected: "{ $relation }".
cases-btn-leave-yes = 🚪 Yes, leave
cases-leave-confirm-member = Leave the case? You will stop seeing it and getting updates. You can only come back with a new invitation.
cases-leave-confirm-owner = You own this case. If you leave, { $who } (who joined earliest) becomes the owner. Leave?
cases-leave-confirm-last = You are the last member. If you leave, the case closes: the volunteer and invitation links are let go. Leave?
cases-left = You have left the case.
cases-left-closed = You have left the case, and it is closed.
cases-muted = Notifications for this case are off. The case is still under "Family cases".
cases-unmuted = Notifications for this case are on again.

## The case volunteer

cases-volunteer-need = What do you need help with first? Volunteers will only see this, the states and the statuses — no names or places until someone takes the case.
cases-need-find = 🔎 Find where someone is
cases-need-release = 🔓 Release, bond, parole
cases-need-court = ⚖️ Court and deadlines
cases-need-lawyer = 👩‍⚖️ Find a lawyer
cases-need-child = 🧸 A child in a shelter
cases-need-other = 💬 Something else
cases-volunteer-requested = ✅ The case is in the volunteers' queue. When someone takes it, I'll tell every member.
cases-queue =
    <b>📋 Family case queue</b> — { $count ->
        [0] empty
        [one] { $count } case
       *[other] { $count } cases
    }
    Names and places are shown to whoever takes a case.

    { $lines }
cases-queue-item =
    <b>Case #{ $case }</b> · { $need }
    States: { $states } · { $statuses } · children: { $children }
    Family language: { $language } · waiting { $waited }
cases-queue-status = { $status }: { $count }
cases-wait-fresh = less than an hour
cases-wait-hours = { $hours ->
    [one] { $hours } hour
   *[other] { $hours } hours
}
cases-wait-days = { $days ->
    [one] { $days } day
   *[other] { $days } days
}{ $hours ->
    [0] {""}
    [one] {" "}{ $hours } hour
   *[other] {" "}{ $hours } hours
}
cases-btn-take = 🤝 Take case #{ $case }
cases-taken = The case is yours. Everything you open in it is written to the audit log.
cases-released = The case is back in the queue.
cases-reassign-choose = Who should take the case? Active volunteers: { $count }
cases-reassigned = ✅ Case reassigned.
cases-mine = <b>🤝 Cases you are helping with: { $count }</b>
cases-all = <b>🗂 Latest cases: { $count }</b> (every view is written to the audit log)
cases-list-item = Case #{ $case } ({ $status ->
        [closed] closed
       *[other] open
    })

## Matches

cases-match-invited = ✅ Invitation sent. They will see the case only if they ask to join and you approve.
cases-match-dismissed = OK, I won't send anything.

## Notifications

cases-notice-event =
    📁 <b>Case #{ $case }</b>
    { $body }
cases-notice-join-request =
    📁 <b>Case #{ $case }</b>: a request to join.
    Who they are to the family (their words): "{ $relation }"
    Telegram name: { $name }
    Approve only if you know who this is.
cases-notice-approved = ✅ You have been added to family case #{ $case }.
cases-notice-rejected = The owner of family case #{ $case } did not confirm your request.
cases-notice-removed = You have been removed from family case #{ $case }.
cases-notice-now-owner = 👑 You now own family case #{ $case }: you approve new members.
cases-forget-handover = • Family case #{ $case } stays with the family: { $who } becomes its owner{ $volunteer ->
    [yes] ; they and the case volunteer will be told.
   *[other] ; they will be told.
}
cases-forget-deleted = • Family case #{ $case }: nobody but you is in it, so it will be deleted entirely.
cases-notice-owner-forgot-you = 👑 The previous owner of family case #{ $case } deleted their data from the bot. You are the owner now: you accept new members. Everything else in the case is as it was.
cases-notice-owner-forgot-volunteer = The owner of family case #{ $case } deleted their data from the bot. The case goes on: another family member is its owner now.
cases-notice-closed = Family case #{ $case } is closed: no members are left in it.
cases-notice-queue-new = 📋 A new family case is in the queue: #{ $case }.
cases-notice-assigned = 🤝 Family case #{ $case } has been assigned to you.
cases-notice-unassigned = Family case #{ $case } is no longer assigned to you.
cases-notice-match =
    📁 <b>Case #{ $case }</b>: someone else using this bot is looking for <b>{ $person }</b> ({ $basis ->
        [a_number] the same A-number
       *[other] the same name and date of birth
    }).
    They know nothing about your case. You can send them an invitation: they will see the case only if they ask to join and you approve.
cases-notice-match-invite =
    A family that is already looking after the same person as you (<b>{ $person }</b>) invites you to their case. The invitation is valid for { $days ->
        [one] { $days } day
       *[other] { $days } days
    }.
cases-btn-match-invite = 📨 Send an invitation
cases-btn-match-dismiss = Not now
cases-btn-join = 🤝 Ask to join the case
cases-btn-join-no = No, thank you
cases-btn-queue = 📋 Open the queue

## Refusals

cases-error-no_access = This case is not available to you. Open "Family cases" from /menu.
cases-error-stale = This button is out of date. Open /menu again.
cases-error-consent = First I need your consent to store data: press /start.
cases-error-not_found = I couldn't find that in the case — it may have changed.
cases-error-too_many_persons = A case can hold at most 12 people.
cases-error-bad_status = There is no such status.
cases-error-already_invited = The invitation has already been sent.
cases-error-dismissed = You already chose not to send an invitation.
cases-error-closed = This case is closed.
cases-error-too_many_invites = Too many active links. Revoke the ones you don't need under "Members".
cases-error-invite_unknown = Invitation not found. Ask your relative to send a new link.
cases-error-invite_revoked = This invitation was revoked. Ask your relative to send a new link.
cases-error-invite_used = Someone has already joined with this link — it works once. Ask for a new one.
cases-error-invite_expired = This invitation has expired. Ask your relative to send a new link.
cases-error-already_member = You are already a member of this case. It is under "Family cases".
cases-error-already_pending = Your request is already waiting for the case owner.
cases-error-not_pending = This request has already been decided.
cases-error-cannot_remove = This member cannot be removed.
cases-error-cannot_transfer = Only an active member can become the owner.
cases-error-not_owner = Only the case owner or its volunteer can do this.
cases-error-bad_need = Please choose with a button.
cases-error-has_volunteer = This case already has a volunteer.
cases-error-taken = Another volunteer has already taken this case.
cases-error-not_in_queue = This case is not in the queue.
cases-error-no_volunteer = This case has no volunteer.
cases-error-not_volunteer = Only approved volunteers can do this.
cases-error-not_admin = Only administrators can do this.
cases-error-not_member = Only family members can do this.
cases-error-empty = The message is empty — please write something.
cases-error-too_long = That's too long (2000 characters at most). Shorten it or split it.
cases-error-invite_slow_down = Too many wrong invitation links. Wait an hour and try again — or ask your relative to send the link once more.
