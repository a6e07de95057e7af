## Reference and answers to questions

kb-categories-title = <b>Reference</b>
    Choose a topic:
kb-category-title = <b>{ $category }</b>: { $count ->
        [one] { $count } article
       *[other] { $count } articles
    }
kb-cat-border = 🛂 The border
kb-cat-mexico = 🇲🇽 Waiting in Mexico
kb-cat-detention = 🏢 Detention (ICE)
kb-cat-release = 🔓 Release
kb-cat-court = ⚖️ Immigration court
kb-cat-asylum = 📝 Asylum
kb-cat-appeals = 📨 Appeals
kb-cat-deportation = ✈️ Deportation
kb-cat-family = 👨‍👩‍👧 Family and children
kb-cat-legal = 👩‍⚖️ Lawyers and help
kb-cat-bot = 🤖 About this bot
kb-sources = <b>Sources:</b>
kb-reviewed = Reviewed: { $date }
kb-back-categories = ⬅️ All sections
kb-back-category = ⬅️ Back
kb-ask-volunteer = 🙋 Ask a volunteer
kb-related = 🔗 { $title }
kb-topic-missing = This article no longer exists. Please open the reference again.

qa-helped = 👍 Helped
qa-not-it = 👎 Not it
qa-thanks-feedback = Thank you! Glad it helped. If anything else comes up, just write.
qa-not-sure =
    I'm not sure I understood your question, and I don't want to guess: a case may depend on the answer.
    { $count ->
        [0] It is better to ask a volunteer.
        [one] Maybe you mean this? If not, ask a volunteer.
       *[other] Maybe you mean one of these? If not, ask a volunteer.
    }
qa-next-hits = Understood, that wasn't it. Maybe one of these? If not, ask a volunteer: a real person will look into it.
qa-no-more = I have no other similar articles. Better ask a volunteer: a real person will look into it.
smalltalk-greeting = Hello! Type your question in your own words, or choose a section in the menu.
smalltalk-thanks = You're welcome! Take care. If anything comes up, just write.
smalltalk-bye = Take care! I'm here if you need me.
smalltalk-ok = OK. If anything comes up, just write.

input-too-long =
    That message is very long ({ $length } characters), and I can only search for answers to short questions.
    Write your main question in a sentence or two, or pass the whole story to a volunteer: nothing will be lost.
input-emoji-only = I only understand text. Please type your question in words; typos and Latin letters are fine.
input-media =
    I can't read photos, voice messages, videos or files yet. Please type your question.
    You will be able to attach documents for a volunteer when you ask one.
input-not-text = I only understand text messages. Please type your question in words.

qa-also = ➕ Also about your question: { $title }
qa-off-topic =
    That is not my area, and I won't answer at random. I know about asylum in the US, ICE detention and release, immigration court, appeals and deportation, family matters and finding a lawyer.
    A volunteer may know where to turn with this question.
triage-what-happened =
    I'm here and will help you sort it out. What happened? Choose what is closest, or describe it in your own words.
    If someone's life is in danger right now, call 911.
triage-need-where = 🔎 Detained, we don't know where
triage-need-court = 📅 When is the next court date
triage-need-release = 🔓 Getting out: bond, parole, the fee
triage-need-lawyer = 👩‍⚖️ Finding a lawyer
triage-need-children = 👨‍👩‍👧 Children
triage-need-deadline = ⏳ A deadline
triage-need-volunteer = 🙋 Something else: ask a volunteer
triage-choose = Choose what fits:
kb-more = 📖 More
kb-share = 📤 Share
kb-share-link =
    Link to the answer “{ $title }”:
    { $link }
    Forward it to whoever needs it: the link opens this answer in the bot.
kb-share-send = ✈️ Send in Telegram
kb-deeplink-topic-unknown = There is no such answer in the reference — the link may be outdated. Here is the menu: pick a section or type your question in your own words.
