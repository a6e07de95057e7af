## The "Waiting in Mexico" section: sign-up, the preparation programme, the emergency circle, crossing day

mexico-intro =
    🇲🇽 <b>For people waiting in Mexico</b>

    The bot does not advise whether or where to cross: decide that with a lawyer. It helps you prepare and be found:
    • a preparation programme, one step a day (documents, translations, evidence, phone numbers, children, what happens at the border and in custody);
    • an emergency circle: relatives (anywhere in the world) and a volunteer you invite;
    • a safety net for crossing day: if you do not check in on time, your circle and the volunteers on duty get an alarm and an action plan at once.
mexico-btn-signup = 📝 Fill in the form
mexico-signup-intro = The form takes a couple of minutes. Everything personal is stored encrypted; you can delete it at any time.
mexico-ask-city = Which city are you waiting in?
mexico-ask-city_other = Type the city.
mexico-ask-adults = How many adults (including you) will cross? Press or type a number.
mexico-ask-children = Are children with you? Type their ages separated by commas, e.g. "4, 9".
mexico-ask-languages = Which languages do you speak? Tick them and press "Next".
mexico-ask-helper = Is a lawyer or an organisation already helping you? Type who (a name or organisation).
mexico-ask-planned = Do you have a planned date? Type it, e.g. "January 15", or press "Not yet".
mexico-ask-latin = For the ICE locator: your first and last name in Latin letters <b>exactly as in your passport</b>, e.g. IVANOV IVAN.
mexico-ask-birth = Date of birth, e.g. "February 1, 1990".
mexico-ask-country = Country of birth (as in the passport).
mexico-ask-anumber = Your A-number, if you already have one (9 digits, from US immigration papers, e.g. A-123-456-789). If not, press "No A-number".
mexico-ask-share = What may your emergency circle see if you do not check in? Tick and press "Next".
mexico-ask-case_mode = If an alarm goes off, open a family case (for hearings and a case volunteer)?
mexico-ask-consent = By pressing "I agree" you allow the bot, if you miss a check-in, to send the ticked details to the people in your circle (only those you invited yourself, and only after they accepted) and to the volunteers on duty. Nobody else sees them. You can change or delete the form at any time.
mexico-city-tijuana = Tijuana
mexico-city-mexicali = Mexicali
mexico-city-juarez = Ciudad Juárez
mexico-city-reynosa = Reynosa
mexico-city-matamoros = Matamoros
mexico-city-nogales = Nogales
mexico-city-piedras_negras = Piedras Negras
mexico-city-nuevo_laredo = Nuevo Laredo
mexico-city-cdmx = Mexico City
mexico-city-other = Another city
mexico-languages-ru = Russian
mexico-languages-en = English
mexico-languages-es = Spanish
mexico-languages-uk = Ukrainian
mexico-languages-other = Other
mexico-share-locator = Locator details (name, date and country of birth)
mexico-share-date = The crossing date
mexico-share-city = The city
mexico-case-mode-auto = Yes, open it at once
mexico-case-mode-offer = Offer it to my relatives
mexico-country-ru = Russia
mexico-skip-children = No children
mexico-skip-helper = Nobody yet
mexico-skip-planned = Not yet
mexico-skip-latin = Skip
mexico-skip-birth = Skip
mexico-skip-country = Skip
mexico-skip-anumber = No A-number
mexico-btn-next = Next ➡️
mexico-btn-back = ⬅️ Back
mexico-btn-cancel = ✖️ Cancel
mexico-btn-agree = ✅ I agree, save
mexico-use-buttons = Please answer this step with a button.
mexico-text-only = Please answer with text or a button.
mexico-none = —
mexico-not-yet = not yet
mexico-summary =
    <b>Your form</b>
    City: { $city }
    Adults: { $adults }; children (ages): { $children }
    Languages: { $languages }
    Who helps: { $helper }
    Planned date: { $planned }
    For the locator: { $locator }
    Your circle sees: { $share }
    Family case on an alarm: { $mode }
mexico-saved = ✅ Form saved. The programme's first step comes in the morning, local time.
mexico-saved-edit = ✅ Changes saved.
mexico-cancelled = Form cancelled; nothing was saved.
mexico-cancelled-edit = Changes not saved; your previous form stays.
mexico-home =
    🇲🇽 <b>Preparation: { $done }/{ $total } done</b>
    { $left }
    { $paused ->
        [true] ⏸ Daily steps are paused.
       *[other] {""}
    }{ $watch }
mexico-more-left = …and { $n } more
mexico-all-done = All steps done. Read them again before crossing.
mexico-watch-line =
    { $alarm ->
        [true] 🚨 Alarm: you did not check in. Press "I'm OK" if you can.
       *[other] 🛡 Crossing safety net: { $when }.
    }
mexico-btn-next-step = 📋 Next step
mexico-btn-all = 📚 All steps at once
mexico-btn-pause = ⏸ Pause daily steps
mexico-btn-resume = ▶️ Resume steps
mexico-btn-circle = 👥 Emergency circle
mexico-btn-crossing = 🛡 I am crossing…
mexico-btn-ok = ✅ I'm OK
mexico-btn-reschedule = 🗓 Reschedule
mexico-btn-stop-watch = ✖️ Cancel the safety net
mexico-btn-profile = 📝 My form
mexico-btn-home = 🇲🇽 Back to the section
mexico-btn-edit = ✏️ Edit
mexico-btn-delete = 🗑 Delete my form
mexico-btn-delete-yes = Yes, delete everything
mexico-delete-confirm = Delete the form, your progress, your circle and the safety net? This cannot be undone.
mexico-deleted = Your form and everything linked to it were deleted.
mexico-paused = Daily steps paused.
mexico-resumed = Daily steps resumed.
mexico-all-queued = All remaining steps ({ $n }) are on their way.
mexico-step-card =
    📋 <b>{ $title }</b> ({ $done }/{ $total } done)

    { $body }
mexico-btn-done = ✅ Done
mexico-btn-later = ⏳ Later
mexico-btn-ask = 🙋 Ask a volunteer
mexico-marked-done = Marked: { $done }/{ $total } done
mexico-marked-later = OK, we will come back to it later
mexico-progress = Progress: { $done }/{ $total } done.
mexico-ask-prefill = A question about the preparation step "{ $title }":
mexico-vol-view =
    <b>People in Mexico you help</b>
    { $lines }
mexico-vol-line = { $n }. Preparation { $done }/{ $total }; safety net: { $watch ->
        [active] on
        [alarm] 🚨 alarm
        [safe] over
        [cancelled] cancelled
       *[other] none
    }
mexico-circle =
    👥 <b>Emergency circle</b>
    If you do not check in after crossing, these people get an alarm and an action plan at once.
    { $lines }
mexico-circle-empty = Nobody yet. Invite your relatives: the link works once and can be forwarded to any country.
mexico-circle-line = { $n }. { $role }, since { $since }
mexico-role-relative = Relative
mexico-role-volunteer = Volunteer
mexico-btn-invite-relative = ➕ Invite a relative
mexico-btn-invite-volunteer = ➕ Invite a volunteer
mexico-btn-remove = Remove #{ $n }
mexico-removed = Removed from the circle.
mexico-invite-relative = Forward this link to a relative (works once, valid for { $days } days):
    { $link }
mexico-invite-volunteer = Forward this link to a volunteer (works once, valid for { $days } days):
    { $link }
mexico-join-onboard-first = To join an emergency circle, first press /start and finish the introduction, then open the link again.
mexico-join-ask = You are invited to the emergency circle of someone preparing to cross the border. If they do not check in on time, you will get an alarm and an action plan. Do you accept?
mexico-btn-join-yes = ✅ Yes, I'm in
mexico-btn-join-no = No
mexico-joined = ✅ You are in the emergency circle. The bot will write if help is needed.
mexico-join-declined = OK, you did not join the circle.
mexico-member-joined-relative = 👥 A relative accepted your invitation to the emergency circle.
mexico-member-joined-volunteer = 👥 A volunteer accepted your invitation to the emergency circle.
mexico-cross-ask-when = When are you crossing? Type the date and time in local time, e.g. "January 15 9:00" or "tomorrow 9am".
mexico-cross-ask-place = Crossing: { $when }. Where (port of entry or area)? You may skip this.
mexico-skip-place = Skip
mexico-cross-ask-plan = How often can you check in with "I'm OK" after crossing?
mexico-plan-12x3 = Every 12 hours for 3 days (usual)
mexico-plan-6x2 = Every 6 hours for 2 days
mexico-plan-24x7 = Once a day for 7 days
mexico-cross-not-saved = The safety net was not saved.
mexico-cross-problem-past = That time has passed. Type a future date and time.
mexico-cross-problem-no-time = I got the date but not the time. Add the time, e.g. "January 15 9:00".
mexico-cross-problem-no-date = I did not understand the date. For example: "January 15 9:00" or "tomorrow 9am".
mexico-cross-problem-bad-time = There is no such time ({ $hour }:{ $minute }). Check the hours and minutes: 0:00 to 23:59.
mexico-cross-problem-bad-date = There is no such date. Check the day and month.
mexico-cross-problem-ambiguous-hour = Is "{ $morning }" at night or in the afternoon ({ $afternoon })? Type the full time, e.g. { $afternoon }.
mexico-cross-problem-other = I did not understand the date and time. For example: "January 15 9:00".
mexico-watch-started = 🛡 Safety net on: crossing { $when }. First check-in { $first }, then every { $hours } h ({ $checks } in all). We will remind you the evening before. If you do not check in within two hours of a check-in time, your circle and the volunteers on duty get an alarm.
mexico-checked-in = ✅ Checked in. Next check-in: { $next }.
mexico-watch-safe = ✅ Glad you are safe. The safety net is over; your circle has been told.
mexico-watch-cancelled = Safety net cancelled.
mexico-case-opened = 📂 Family case #{ $case } opened: /cases. A case volunteer will see it in the queue.
mexico-error-stale = This button is out of date. Open the section again: /mexico
mexico-error-consent = Please finish the introduction first: /start
mexico-error-no-profile = Please fill in the form first: /mexico
mexico-error-bad-city = Please choose the city with a button.
mexico-error-adults-number = Type the number of adults, 0 to 20.
mexico-error-child-ages = Type the children's ages as numbers separated by commas, e.g. "4, 9", or press "No children".
mexico-error-child-age = A child's age is 0 to 17. Please check the numbers.
mexico-error-empty = Empty answer: type it or press a button.
mexico-error-too-long = Too long: please shorten it.
mexico-error-latin = Latin letters are needed, as in your passport, e.g. IVANOV IVAN.
mexico-error-anumber = This does not look like an A-number. Type it like A-123-456-789 or 123456789, or press "No A-number".
mexico-error-anumber-length = An A-number has 9 digits (an old 8-digit number gets a leading zero).
mexico-error-date = I did not understand the date. For example: "February 1, 1990".
mexico-error-date-past = That date has passed.
mexico-error-date-future = That date has not come yet.
mexico-error-date-too-old = That date is too long ago. Please check the year.
mexico-error-date-ambiguous-order = This date can be read two ways (day and month). Write the month as a word, e.g. "February 1, 1990".
mexico-error-no-language = Tick at least one language.
mexico-error-bad-role = There is no such invitation.
mexico-error-too-many-invites = Too many unused invitations. Wait until they are accepted, or for a week.
mexico-error-invite-invalid = This link does not work: it is wrong, revoked or expired. Ask for a new one.
mexico-error-invite-used = This link has already been used. Ask for a new one.
mexico-error-invite-own = This is your own link: forward it to a relative.
mexico-error-invite-member = You are already in this circle.
mexico-error-crossing-past = That time has passed. Type a future date and time.
mexico-error-crossing-far = The date is more than a year away: probably a typo.
mexico-error-not-yours = This button is not yours: only the person themselves can check in.
mexico-error-watch-over = The safety net is already over or cancelled.
mexico-error-not-found = Not found: it may have been deleted.
mexico-error-not-in-circle = Only a relative in the emergency circle can do this.
mexico-error-no-alarm = There is no alarm now.
mexico-error-no-locator = The form has no locator details, so the case cannot be opened automatically. Open it yourself: /cases

## Messages the outbox sends: cards, the evening before, check-ins, the alarm and its action plan

mexico-when = { $at } ({ $zone })
mexico-step-changed = ✏️ <b>A step you marked done has been revised.</b> Please read it again:
mexico-eve =
    🌙 <b>Tomorrow you cross: { $when }.</b>
    Last checks tonight:
    { $left }
    After crossing, press "I'm OK" when you can; the first check-in is { $first }.
mexico-checkin-ask =
    🛡 <b>Check-in { $n } of { $total }.</b> Are you OK? Press the button.
    If there is no answer by { $deadline }, your circle and the volunteers on duty get an alarm with an action plan.
mexico-btn-safe = 🏁 I'm safe, end the safety net
mexico-btn-open-case = 📂 Open a family case
mexico-alarm-who-name = { $name }
mexico-alarm-who-anon = the person whose emergency circle you are in
mexico-alarm-head = 🚨 <b>Alarm: { $who } has not checked in</b> (safety net #{ $watch })
mexico-alarm-due = The check-in was due { $due }. Last check-in: { $last }.
mexico-alarm-never = none since crossing
mexico-alarm-crossing = Crossing: { $when }; place: { $place }.
mexico-alarm-city = Was waiting in: { $city }.
mexico-alarm-plan = <b>What to do now</b>
mexico-alarm-locator-none = 🔎 The ICE locator, https://locator.ice.gov. The person did not share their details; the search needs the first and last name in Latin letters <b>exactly as in the passport</b> and the country of birth (or the A-number and the country of birth). If you know them, search with them.
mexico-alarm-locator-anumber = 🔎 The ICE locator, https://locator.ice.gov → search by A-number: <b>{ $anumber }</b> (all nine digits), country of birth: <b>{ $country }</b>.
mexico-alarm-locator-name = 🔎 The ICE locator, https://locator.ice.gov → search by name: <b>{ $name }</b>, exactly as in the passport (one letter off finds nothing); country of birth: <b>{ $country }</b>; date of birth: { $born } (optional, it narrows the results).
mexico-alarm-ussr = If "Russia" finds nothing for someone born in the USSR, try the other possible countries: which one the locator expects is not confirmed (as of 3 December 2026).
mexico-alarm-lag = ⏳ An empty result is not bad news. In the first days people are usually held by CBP (the border service) and appear in the locator only after transfer to ICE; after a transfer, release or removal the locator updates in about 8 hours, sometimes later. Check morning and evening.
mexico-alarm-line = ☎️ Not found within a day or two: the ICE Detention Reporting and Information Line, 1-888-351-4024.
mexico-alarm-children = 👶 Children were travelling ({ $n }). Nobody under 18 is in the locator. If a child was separated: the ORR National Call Center, 1-800-203-7001, information@ORRNCC.com; give the child's name, date of birth, country and A-number if known. ORR does not give the child's location by phone: the shelter contacts the parent after checking identity. A detained parent can dial 699# from the detention centre.
mexico-alarm-lawyer = ⚖️ A lawyer: EOIR's list of free legal service providers, https://www.justice.gov/eoir/office-of-legal-access-programs. Check a lawyer with the state bar; a "notario" or "consultant" is not a lawyer. Never sign blank forms.
mexico-alarm-case-opened = 📂 Family case #{ $case } was opened with these details: hearings and a case volunteer follow there (/cases).
mexico-alarm-case-offer = 📂 The person asked that a relative open a family case: the button below copies the details into it.
mexico-alarm-footer = <i>The bot does not know where the person is. This is general information, not legal advice; numbers as of 3 December 2026.</i>
mexico-clear =
    { $status ->
        [safe] ✅ { $who } is safe: the safety net #{ $watch } is over, { $at }.
        [cancelled] ✅ { $who } cancelled the safety net #{ $watch }: the alarm is off.
       *[other] ✅ { $who } checked in: the alarm of safety net #{ $watch } is off. Checked in { $at }.
    }
mexico-vol-crossing = crossing { $when }
mexico-vol-case = family case #{ $case }
mexico-desk-alarms =
    🚨 <b>Alarms not yet cleared</b> (the action plan came in the alarm message)
    { $lines }
mexico-desk-alarm-line = Safety net #{ $watch }: alarm since { $since }{ $case ->
        [0] {""}
       *[other] ; family case #{ $case } is in the case volunteers' queue
    }

## Operators: the broadcast segment by city and the /stats row

mexico-bc-by-city = People waiting in Mexico, by city…
mexico-bc-ask-city = Which city? (the number is how many would get it)
mexico-bc-city-button = { $city }: { $n }
mexico-bc-segment-city = people waiting in Mexico, in { $city }
mexico-stats = <b>🇲🇽 Mexico programme:</b> { $people } people; by steps done: { $steps }; by city: { $cities }; safety nets running { $watches }, alarms not cleared { $alarms }
mexico-stats-step = { $done } — { $n }
