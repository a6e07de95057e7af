## Hearings, deadlines, reminders, the person's own time zone

hearings-list-title = <b>📅 Hearings and deadlines</b>
hearings-list-empty = No upcoming hearings or deadlines yet. Add a hearing with the button below and I will remind everyone in the case in time.
hearings-list-no-cases = You have no family case yet. Hearings belong to a person in a case: open “Family cases” in the menu, start a case or join one by invitation.
hearings-list-hearing = 📅 { $when } (court time): { $kind }, { $person }, { $place }
hearings-list-deadline = 📌 by { $date }: { $kind }, { $person } ({ $left })
hearings-set-your-tz = 🕒 Set your time zone and I will also show hearing times on your own clock.
hearings-need-consent = To keep hearings and send reminders I need your consent to store data. Press /start.
hearings-no-access = You have no access to this case (or it has been closed).
hearings-no-persons = This case has no person in it yet. First add the person (“Family cases”), then their hearing.
hearings-choose-case = Which case?
hearings-choose-person = Who is this hearing or deadline for?
hearings-type-text = Please type your answer as text, or press /cancel.

hearings-btn-add = ➕ Hearing
hearings-btn-add-deadline = ➕ Deadline
hearings-btn-ics = 📤 To calendar (.ics)
hearings-btn-prefs = 🔔 Reminders
hearings-btn-tz = 🕒 My time zone
hearings-btn-list = 📅 All hearings and deadlines
hearings-btn-open = 📅 Open the hearing
hearings-btn-new-date = 📅 Postponed: new date
hearings-btn-edit = ✏️ Edit
hearings-btn-outcome = 📝 What happened
hearings-btn-cancel = ❌ Hearing cancelled
hearings-btn-cancel-yes = Yes, cancelled
hearings-btn-back = ⬅️ Back
hearings-btn-other-place = 🏢 Another place (not listed)
hearings-btn-keep-time = Same time
hearings-btn-yes = ✅ Yes, correct
hearings-btn-redo = ✏️ No, type again
hearings-btn-skip = Skip
hearings-btn-today = Today ({ $date })
hearings-btn-edit-place = 🏛 Court or place
hearings-btn-edit-kind = 📋 Kind of hearing
hearings-btn-edit-mode = 📹 Video or in person
hearings-btn-edit-notes = 📝 Notes
hearings-btn-mute = 🔕 Mute: { $case }
hearings-btn-unmute = 🔔 Unmute: { $case }
hearings-btn-mute-short = 🔕 Mute reminders for this case

hearings-kind-master = Master calendar hearing
hearings-kind-individual = Individual (merits) hearing
hearings-kind-bond = Bond hearing
hearings-kind-cfr = Credible fear review
hearings-kind-other = Other hearing
hearings-mode-in_person = 🏛 In person, at the court
hearings-mode-video = 📹 By video
hearings-mode-unknown = ❓ I don't know
hearings-mode-line-in_person = 🏛 In person, at the court
hearings-mode-line-video = 📹 By video
hearings-mode-line-unknown = ❓ Video or in person: not known

hearings-ask-place =
    <b>Where is the hearing?</b>
    Type the name of the court, city or detention center, for example: <i>LaSalle</i>, <i>Otay Mesa</i>, <i>Krome</i>, <i>Eloy</i>, <i>New York</i>. It is on the Notice of Hearing.
hearings-place-found = Choose the court or place:
hearings-place-not-found = I could not find that court. Try another spelling (just the city) or choose “Another place”.
hearings-ask-place-text = Type where the hearing is (name and city).
hearings-ask-place-tz = Which time zone is that place in? Choose, or type a city:
hearings-place-changed-ask-time = Place changed. Is the hearing still at the same time on the court's clock? If not, type the new one.
hearings-ask-when =
    <b>When is the hearing?</b> Type the date and time <b>on the court's clock</b> ({ $zone }; it is now { $now } there).
    For example: <i>March 15 9am</i>, <i>15.03.2027 9:00</i>, <i>March 15, 2027 1:30 pm</i>.
hearings-date-examples = Examples: <i>March 15 9am</i>, <i>15.03.2027 9:30</i>, <i>March 15, 2027 1:30 pm</i>.
hearings-date-problem-empty = I did not see a date.
hearings-date-problem-no-date = I could not read the date: type the day and month (and the year if it is not the next one).
hearings-date-problem-no-time = Got the date: { $date }. Now type the hearing time on the court's clock, for example 9:00.
hearings-date-problem-bad-date = That date does not exist: day { $day } of month { $month }. Please check.
hearings-date-problem-bad-time = There is no such time as { $hour }:{ $minute }: hours go from 0 to 23 and minutes from 00 to 59, for example 9:00 or 14:30.
hearings-date-problem-past = That date has passed ({ $date }). Check the year. If the hearing already took place, open it and press “What happened”.
hearings-date-problem-future = That date has not come yet ({ $date }). I need a past date.
hearings-date-problem-too-old = That date is too long ago. Check the year.
hearings-date-problem-too-far = That is more than { $years } years ahead: probably a typo in the year.
hearings-date-problem-ambiguous-order = { $first }/{ $second } can be read two ways: month { $first } day { $second } (US style) or day { $first } of month { $second }. Please write the month as a word, like “March 4” or “4 April”.
hearings-date-problem-ambiguous-hour = Is “{ $morning }” at night or in the afternoon ({ $afternoon })? Courts do not sit at night, but a mistake here costs too much: type the full time, like { $afternoon } or { $morning } am.
hearings-date-problem-nonexistent = The clocks change that night and { $time } does not exist there. Please check the time on the notice.
hearings-date-problem-unclear = I can't tell which number is the time. Type the date and the time separately, like “March 15 2027 9:00”.
hearings-date-problem-before-hearing = The decision cannot be earlier than the hearing itself. Please check the date.
hearings-confirm-when = Hearing: <b>{ $when }</b> on the court's clock ({ $zone }).
hearings-confirm-question = Is that right?
hearings-ask-kind = What kind of hearing is it? (It is on the notice; if unsure, choose “Other”.)
hearings-ask-mode = Is the hearing by video or in person?
hearings-ask-notes = Notes for the hearing (lawyer, what to bring, courtroom). Everyone in the case will see them. Or press “Skip”.
hearings-saved =
    ✅ Hearing saved. { $people ->
        [one] Reminders will go to { $people } person in the case
       *[other] Reminders will go to { $people } people in the case
    } (by default 7 days, 1 day and 3 hours before).
hearings-saved-change = ✅ Saved. Everyone in the case was told, and reminders were re-planned.
hearings-edit-what = What should change?
hearings-cancel-confirm = Was the hearing cancelled? I will tell everyone in the case and drop the reminders. If it was moved to another date, better press “Postponed: new date”.
hearings-cancelled = ❌ The hearing is marked as cancelled. Everyone in the case was told.
hearings-error-nonexistent = The clocks change at that time and it does not exist. Please type the time again.
hearings-error-past = That time has passed. Please type the date again.
hearings-error-not-scheduled = This hearing is cancelled or over and cannot be changed.
hearings-error-already-cancelled = This hearing is already cancelled.
hearings-status-cancelled = ❌ <b>Cancelled</b>
hearings-status-outcome-decision = 📝 Held: a decision was made.
hearings-status-outcome-dhs_appealed = 📝 Held: the government (DHS) appealed.
hearings-status-outcome-postponed = 📝 Postponed.
hearings-status-outcome-unknown = 📝 Held, outcome unknown.

hearings-card-title = <b>{ $kind }</b>: { $person }
hearings-card-place = 🏛 { $place }
hearings-card-address = 📍 { $address }
hearings-card-notes = 📝 { $notes }
hearings-court-time = 🕘 Court time: <b>{ $when }</b> ({ $zone })
hearings-your-time = 🕘 Your time: <b>{ $when }</b> ({ $zone })
hearings-your-time-same = 🕘 Same as your time ({ $zone }).
hearings-your-time-unknown = 🕒 Your time zone is not set: /hearings → “My time zone”.
hearings-in-minutes = { $minutes ->
    [one] in { $minutes } minute
   *[other] in { $minutes } minutes
}
hearings-in-hours = { $hours ->
    [one] in { $hours } hour
   *[other] in { $hours } hours
}
hearings-in-days = { $days ->
    [one] in { $days } day
   *[other] in { $days } days
}
hearings-reminder-title = ⏰ <b>Reminder: hearing { $until }</b>
hearings-reminder-todo = <b>What to do:</b>
hearings-advice-check = Check the date and time: courts move hearings. EOIR portal: { $portal } or phone { $hotline } (toll-free, 24/7; English and Spanish menu; you need the 9-digit A-number).
hearings-advice-check-bond = Check the date and time with the lawyer or the court: the EOIR phone line does not cover bond hearings. EOIR portal: { $portal }.
hearings-advice-docs-master = Documents: the hearing notice, a photo ID, the A-number. Anything not in English must be filed with an English translation and the translator's certificate (8 CFR 1003.33).
hearings-advice-docs-individual = Evidence for the individual hearing is usually filed in advance, by the court's deadlines: ask the lawyer what has been filed. English translations with the translator's certificate (8 CFR 1003.33). Arrange the witnesses.
hearings-advice-docs-bond = For bond: a letter from a US sponsor with their address and status documents, proof of housing, proof of family and community ties and of grounds for relief. Ask the lawyer whether the judge can hear bond in this case at all: since 2025 many people cannot get it.
hearings-advice-docs-cfr = The judge reviews the negative finding within 24 hours where practicable and no later than 7 days. Before it the person may consult someone of their choosing. There is no BIA appeal from this review, so prepare now.
hearings-advice-docs-other = Documents: the hearing notice, a photo ID, the A-number; English translations with the translator's certificate (8 CFR 1003.33).
hearings-advice-video = Video hearing: the court (in the notice) or the lawyer gives the link and instructions. Test the connection and sound beforehand and join 15 minutes early. A detained person joins from the facility; ask the lawyer whether relatives may attend.
hearings-advice-in-person = Come early: there is a security check. Since May 2025 ICE arrests inside immigration courts have been reported: discuss this with a lawyer before the hearing. But not going is not an option.
hearings-advice-in-person-detained = ICE brings a detained person to the hearing. Relatives: ask the lawyer whether you can attend, and prepare support letters.
hearings-advice-mode-unknown = Ask the lawyer or the court whether the hearing is by video or in person.
hearings-advice-absentia = Missing a hearing leads to a removal order in absentia. If something unexpected happens, call the lawyer at once.

hearings-notice-added = 📅 <b>A new hearing in the case</b>
hearings-notice-changed = ✏️ <b>A hearing was changed</b>
hearings-notice-postponed = 📅 <b>A hearing was moved: new date</b>
hearings-notice-cancelled = ❌ <b>A hearing was cancelled</b>
hearings-notice-outcome-decision = 📝 <b>A decision was made at the hearing</b> (any deadlines follow in a separate message)
hearings-notice-outcome-dhs_appealed = 📝 <b>The government (DHS) appealed</b>

hearings-followup-title = 📝 <b>How did the hearing go?</b>
hearings-followup-question = What happened? The answer decides which deadlines I remind everyone in the case about.
hearings-outcome-postponed = 📅 Postponed (there is a new date)
hearings-outcome-decision = ⚖️ The judge decided
hearings-outcome-dhs_appealed = 🏛 The government (DHS) appealed
hearings-outcome-unknown = ❓ I don't know yet
hearings-outcome-already = The outcome of this hearing is already recorded (or it was moved).
hearings-outcome-too-early = The hearing has not happened yet.
hearings-ask-decision = What was the decision?
hearings-decision-granted = ✅ Asylum or protection granted
hearings-decision-denied = ❌ Denied
hearings-decision-other = Other (removal order, voluntary departure...)
hearings-ask-merits =
    Was it a decision <b>on the merits of the asylum claim</b> (the judge heard the story and decided whether asylum is due)?
    A denial under the one-year bar or a third-country agreement (ACA) is <b>not</b> on the merits.
hearings-merits-yes = Yes, on the merits
hearings-merits-no = No (another ground, or not asylum)
hearings-merits-unsure = I don't know
hearings-merits-unsure-note = ⚠️ You don't know whether it was on the merits, so I count the shorter deadline. Check with a lawyer today.
hearings-ask-decision-date = When was the decision made? The date of the oral decision or of the mailing of the written one. Type a date like <i>March 15, 2027</i>, or press “Today”.
hearings-no-bia-for-cfr = A judge's credible fear review decision cannot be appealed to the BIA (8 CFR 1003.42). Contact a lawyer or a free legal services organisation at once.
hearings-granted-info = ✅ Congratulations! But the decision is final only if both sides waive appeal or the appeal deadline passes: the government (DHS) may appeal a grant of asylum, and ICE may keep the person detained while an appeal is pending.
hearings-dhs-appealed-info =
    The government (DHS) appealed the judge's decision. While the appeal is pending the decision is not final; ICE may keep the person detained.
    Since March 9, 2026 both sides file their briefs at the same time, within 20 days of the BIA's briefing schedule, with extensions only in exceptional circumstances. Contact a lawyer now.
hearings-unknown-info = OK, I will ask again tomorrow. You can find the outcome on the EOIR portal { $portal } or by phone { $hotline } (with the A-number).

hearings-prefs =
    <b>🔔 Hearing reminders</b>
    Now: { $offsets } before the hearing. Press to switch one on or off. For deadlines I remind 7, 3 and 1 day before and on the morning of the last day.
    Below you can mute a single case. I always tell you about changes (a new date, a cancellation).
hearings-offset-days = { $days ->
    [one] { $days } day
   *[other] { $days } days
}
hearings-offset-hours = { $hours ->
    [one] { $hours } hour
   *[other] { $hours } hours
}
hearings-prefs-saved = Saved.
hearings-prefs-need-one = Keep at least one reminder. To get none at all, mute the case instead.
hearings-muted = 🔕 Reminders for this case are muted. I will still tell you about changes to hearings. To unmute: /hearings → “Reminders”.
hearings-unmuted = 🔔 Reminders for this case are back on.

hearings-ics-caption = 📤 A calendar file: open it and the hearings and deadlines appear in your phone's calendar with alerts.
hearings-ics-name = Hearings, case #{ $case }
hearings-ics-summary = { $kind }: { $person }
hearings-ics-deadline = Deadline: { $kind }, { $person }
hearings-ics-court-time = Court time: { $when } ({ $zone })
hearings-ics-check = Check the date: { $portal } or { $hotline }.

## Deadlines

deadline-ask-kind = Which deadline should I work out?
deadline-new-bia = ⚖️ Appeal to the BIA after a judge's decision
deadline-new-eoir33 = 📮 Change of address (EOIR-33) after a move or release
deadline-new-one_year = 🗓 One-year asylum filing deadline (I-589)
deadline-ask-date-eoir33 = When did the person move or get released? Type a date like <i>November 20, 2026</i> or “yesterday”.
deadline-ask-date-one_year = When did the person last arrive in the US? Type a date like <i>March 15, 2026</i>.
deadline-title-bia_appeal = ⚖️ <b>Appeal to the BIA (form EOIR-26)</b>: { $person }
deadline-title-dhs_appeal = 🏛 <b>Window in which the government (DHS) may appeal</b>: { $person }
deadline-title-eoir33 = 📮 <b>Change of address with the court (EOIR-33/IC)</b>: { $person }
deadline-title-one_year = 🗓 <b>Asylum application (I-589) within one year</b>: { $person }
deadline-short-bia_appeal = BIA appeal
deadline-short-dhs_appeal = possible DHS appeal
deadline-short-eoir33 = EOIR-33 change of address
deadline-short-one_year = I-589 one-year deadline
deadline-last-day = Last day: <b>{ $date }</b> ({ $left })
deadline-days-left = { $days ->
    [one] { $days } day left
   *[other] { $days } days left
}
deadline-today = the last day is today
deadline-passed = the deadline has passed
deadline-how-bia = How it was computed: decision of { $start } + { $days } calendar days. Weekends and holidays do not extend it in this count: file earlier.
deadline-how-eoir33 = How it was computed: move or release on { $start } + 5 days.
deadline-how-one-year = How it was computed: last arrival { $start }; the year runs out by { $anniversary }, and I count carefully, to the day before.
deadline-rule-bia-thirty = Rule: the appeal (form EOIR-26) must be <b>received</b> by the Board of Immigration Appeals (BIA) within 30 calendar days of the oral decision or the mailing of the written one. Mailing on the last day is not enough. It needs the fee (from $900) or a fee waiver request (EOIR-26A). Missing the deadline makes the decision final.
deadline-rule-bia-thirty-blocked = Rule: the appeal (form EOIR-26) must be <b>received</b> by the Board of Immigration Appeals (BIA) within 30 calendar days of the decision. Mailing on the last day is not enough. It needs the fee (from $900) or a fee waiver request (EOIR-26A). Missing the deadline makes the decision final.
    ℹ️ A 2026 rule would have cut this to 10 days, but a federal court blocked it on March 8, 2026, before it took effect. The deadline is 30 days. The court case goes on: file as early as possible and check the deadline with a lawyer. What did take effect on March 9, 2026: both sides file their briefs at the same time, within 20 days of the BIA's briefing schedule, and extensions only in exceptional circumstances.
deadline-rule-bia-ten = Rule: the bot's administrator noted that a court reinstated the 2026 rule: for decisions from March 9, 2026 (other than asylum on the merits) the appeal must be <b>received</b> by the BIA within 10 calendar days. Fee from $900 (or an EOIR-26A waiver request). Missing the deadline makes the decision final. Call a lawyer today.
deadline-rule-bia-merits = Rule: for asylum decided on the merits the appeal must be <b>received</b> by the BIA within 30 calendar days. Fee from $900 (or an EOIR-26A waiver request). Missing the deadline makes the decision final.
deadline-rule-dhs-thirty = The government, the Department of Homeland Security (DHS), may appeal within 30 days. The decision is final only if both sides waive appeal or the deadline passes.
deadline-rule-dhs-thirty-blocked = The government, the Department of Homeland Security (DHS), may appeal within 30 days (the 2026 rule's 10 days was blocked by a court on March 8, 2026). The decision is final only if both sides waive appeal or the deadline passes.
deadline-rule-dhs-ten = The government (DHS) may appeal within 10 days: the bot's administrator noted that a court reinstated the 2026 rule. The decision is final only if both sides waive appeal or the deadline passes.
deadline-rule-dhs-merits = The government (DHS) may appeal an asylum decision on the merits within 30 days. The decision is final only if both sides waive appeal or the deadline passes.
deadline-rule-eoir33 = Rule: a change of address must be reported to the immigration court on form EOIR-33/IC within 5 days (8 CFR 1003.15(d)(2)); it can be filed online through the EOIR Respondent Access portal. For the Department of Homeland Security (DHS): form AR-11 within 10 days. Otherwise hearing notices go to the old address and a removal order in absentia can follow.
deadline-rule-one-year = Rule: the asylum application (I-589) must be filed within one year of the last arrival (INA §208(a)(2)(B)); in court it is filed with the judge. Exceptions: changed circumstances, or extraordinary circumstances plus filing within a reasonable time. Fee $100 plus an annual fee while the case is pending ($102 from January 1, 2026); no waiver.
deadline-alt = If a court stops the 10-day rule, the deadline would be { $date } ({ $days } days). Do not count on it.
deadline-source = Source: { $source }
deadline-source-bia = Source: <a href="https://www.justice.gov/eoir/reference-materials/bia/chapter-4/5">BIA Practice Manual, ch. 4.5</a>; <a href="https://www.justice.gov/eoir/appeal-immigration-judges-decision">EOIR: appealing a judge's decision</a>
deadline-source-bia-blocked = Source: <a href="https://www.justice.gov/eoir/reference-materials/bia/chapter-4/5">BIA Practice Manual, ch. 4.5</a>; <a href="https://www.ilrc.org/node/3987">ILRC: the 10-day rule blocked on 2026-03-08</a>
deadline-source-bia-rule = Source: <a href="https://www.justice.gov/eoir/appeal-immigration-judges-decision">EOIR: appealing a judge's decision</a>; <a href="https://www.ilrc.org/node/3987">ILRC on the 2026 rule</a>
deadline-source-eoir33 = Source: <a href="https://www.ecfr.gov/current/title-8/section-1003.15">8 CFR 1003.15(d)(2)</a>
deadline-source-one-year = Source: <a href="https://www.law.cornell.edu/uscode/text/8/1158">INA §208(a)(2)(B), 8 USC 1158</a>; <a href="https://www.govinfo.gov/content/pkg/FR-2025-11-21/html/2025-20622.htm">fees from 2026 (90 FR 52693)</a>
deadline-reminders-set = 🔔 I will remind everyone in the case 7, 3 and 1 day before and on the morning of the last day.
deadline-already-passed = ⚠️ This deadline has already passed. See a lawyer urgently: other options sometimes remain.
deadline-notice-added = 📌 <b>A new deadline in the case</b>
deadline-reminder-bia_appeal = ⏰ <b>Reminder: BIA appeal deadline</b>
deadline-reminder-dhs_appeal = ⏰ <b>Reminder: DHS appeal window</b>
deadline-reminder-eoir33 = ⏰ <b>Reminder: tell the court the new address (EOIR-33)</b>
deadline-reminder-one_year = ⏰ <b>Reminder: one-year asylum filing deadline</b>
deadline-btn-done = ✅ Filed / no longer needed
deadline-closed = ✅ Noted. No more reminders for this deadline.
deadline-already-closed = This deadline is already marked.
deadline-status-active = 📌 Active
deadline-status-done = ✅ Marked as filed or not needed
deadline-status-dismissed = Dismissed

## The person's own time zone

timezone-suggest = 🕒 <b>Your time zone</b>. I will also show hearing times on your own clock. From your language it may be { $zone }. Choose from the list or type your city.
timezone-current = 🕒 Your time zone: <b>{ $zone }</b>, it is { $time } for you now. Change it:
timezone-btn-type = ⌨️ Type a city
timezone-ask-city = Type your city (in English or Russian), like “Brooklyn”, “Kazan”, “Tbilisi”, or an offset like “UTC+3”.
timezone-not-found = I could not find that city. Type a big city nearby, or the offset from UTC like “UTC-5”.
timezone-which = Which one?
timezone-saved = ✅ Time zone: <b>{ $zone }</b>, it is { $time } for you now. Reminders will show times on your clock too.

## Time zones of the short list (tz-<IANA zone>)

tz-europe-moscow = Moscow
tz-america-new-york = New York, Miami (US Eastern)
tz-america-chicago = Chicago, Texas, Louisiana
tz-america-denver = Denver, El Paso (Mountain)
tz-america-phoenix = Arizona
tz-america-los-angeles = Los Angeles (US Pacific)
tz-europe-kyiv = Kyiv
tz-europe-minsk = Minsk
tz-asia-almaty = Almaty
tz-asia-tbilisi = Tbilisi
tz-asia-yerevan = Yerevan
tz-europe-berlin = Berlin, Warsaw, Prague
deadline-corrected =
    ⚠️ <b>Correction: the appeal deadline is 30 days</b>
    I showed { $old } as the last day earlier (10 days). That was wrong: a federal court blocked the 10-day rule on March 8, 2026, and it never took effect. The correct last day is <b>{ $new }</b>. Still file as early as possible and check the deadline with a lawyer.
hearings-btn-quit = ✖️ Cancel
hearings-ask-decision-date-typed = When was the decision made? The date of the oral decision or of the mailing of the written one. Type a date like <i>March 15, 2027</i>, or “today”.
hearings-list-your-time = ↳ on your clock: { $when } ({ $zone })
