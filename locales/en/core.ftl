## First contact, menu, common commands

start-choose-language = Здравствуйте! Выберите язык. / Hello! Choose your language.
start-greeting =
    Hello! I help people who asked for asylum in the United States, and their families.
    I answer questions about the border, detention, release, immigration court, asylum, appeals and deportation, and when I don't know the answer I pass your question to a volunteer.
start-ask-role = Tell me who you are, so I can show what matters most:
role-relative = 👨‍👩‍👧 Relative of a detained person
role-seeker_mexico = 🇲🇽 Waiting in Mexico to cross
role-seeker_us = 🇺🇸 In the US with a case
role-volunteer = 🤝 I am a volunteer
role-saved = Saved: { $role }.
start-privacy =
    <b>Before we start: your data</b>

    • I store your Telegram ID, language, role and time zone, and, if you open a family case, details of the detained people (names, dates of birth, A-numbers, places of detention). Names, dates of birth, A-numbers and notes are stored encrypted.
    • A family case is seen only by the relatives its owner approved and one assigned volunteer.
    • I am not a lawyer: my answers are general information, not legal advice.
    • Telegram chats with bots are not end-to-end encrypted. Do not send a full passport scan unless you are asked to.
    • The /forget command deletes everything I know about you.

    Do you agree?
start-consent-yes = ✅ I agree
start-consent-no = No
start-consent-declined =
    Understood. Without your consent I cannot store your data, so family cases, reminders and volunteers are not available.
    The reference is open to everyone: /menu → “Reference”. If you change your mind, press /start.
start-consent-thanks = Thank you! Here is the main menu. You can also just type your question in your own words.

menu-title = <b>Main menu</b>
    Choose a section or just type a question.
menu-kb = 📚 Reference
menu-ask = ❓ Ask a question
menu-volunteer = 🙋 Ask a volunteer
menu-cases = 👨‍👩‍👧 Family cases
menu-hearings = 📅 Hearings and deadlines
menu-mexico = 🇲🇽 Waiting in Mexico
menu-settings = ⚙️ Settings
menu-ask-hint =
    Type your question in your own words, as you would to a friend. For example:
    • “my husband was taken after crossing, where do I look”
    • “how many days to appeal”
    • “what is a bond”
    Typos, Russian or Latin letters are all fine.
menu-not-ready =
    This section is still being built, and I don't want to promise what I can't do yet.
    For now you can read the reference or type a question; if I don't know the answer, I will say so honestly.
menu-back = ⬅️ Menu

settings-title = <b>Settings</b>
settings-language = 🌐 Язык / Language
settings-role = 👤 Who I am
settings-timezone = 🕒 Time zone
settings-reminders = 🔔 Hearing reminders
settings-privacy = 🔒 Privacy
settings-forget = 🗑 Delete my data
settings-announcements = 📣 Announcements
settings-ann-on = 📣 Announcements are on: you get important news from the team (for example, when rules change). They are rare.
settings-ann-off = 🔕 Announcements are off. Hearing reminders and volunteers' answers still come.
settings-ann-turn-off = Turn announcements off
settings-ann-turn-on = Turn announcements on

help-text =
    <b>What I can do</b>
    • Answer questions about the border, detention, release, court, asylum, appeals and deportation. Just type your question.
    • /menu: main menu and reference
    • /language: change language
    • /cancel: leave any step
    • /forget: delete all your data

    I am not a lawyer. In urgent matters contact a lawyer at once. If a life is in danger in the US, call 911.

cancel-done = OK, cancelled. Nothing from the unfinished step was saved.
cancel-nothing = Nothing to cancel. Here is the menu.

language-choose = Выберите язык / Choose your language:
language-saved = Done, I will speak English now.

forget-confirm =
    <b>Delete all your data?</b>
    I will delete your profile, your questions and everything that belongs only to you. This cannot be undone.
forget-yes = 🗑 Yes, delete everything
forget-no = No, keep it
forget-done = Done: everything I knew about you has been deleted. To come back, press /start.
forget-kept = OK, nothing was deleted.

onboarding-use-buttons = Please choose an option with the buttons under the message above, or press /cancel.

flood-slow-down = You are writing very fast and I can't keep up. Please wait a few seconds.
error-generic = Sorry, something broke on my side. Your data is safe: please try again a little later or press /menu.
callback-stale = This button is out of date. Please open /menu again.
deeplink-unknown = I didn't recognise that link; here is the main menu.

not-legal-advice = ⚖️ This is general information, not legal advice. Ask a lawyer about your own case.

cmd-start = Start
cmd-menu = Main menu
cmd-hearings = Hearings and deadlines
cmd-help = Help
cmd-language = Language
cmd-cancel = Cancel the current step
cmd-forget = Delete my data
input-number-too-big = There is no such number: it is far too big. Please check it and try again.
