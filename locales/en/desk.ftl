## Volunteer desk: questions for a person, volunteers and their tools

## Categories and states

desk-cat-border = 🛂 Border
desk-cat-detention = 🏢 Detention
desk-cat-court = ⚖️ Court
desk-cat-family = 👨‍👩‍👧 Family
desk-cat-mexico = 🇲🇽 Mexico
desk-cat-other = ❔ Something else
desk-status-open = waiting for a volunteer
desk-status-claimed = a volunteer is on it
desk-status-closed = closed
desk-who-user = Person
desk-who-volunteer = Volunteer
desk-who-note = 📝 Note
desk-media = { $kind ->
    [photo] 📷 photo
    [document] 📄 file
    [voice] 🎤 voice message
    [video] 🎬 video
   *[other] 📎 attachment
}
desk-ago-minutes = { $count ->
    [0] just now
    [one] { $count } minute ago
   *[other] { $count } minutes ago
}
desk-ago-hours = { $count ->
    [one] { $count } hour ago
   *[other] { $count } hours ago
}
desk-ago-days = { $count ->
    [one] { $count } day ago
   *[other] { $count } days ago
}

## Asking

desk-need-consent =
    To pass a question to a volunteer I need to store it, and you have not agreed to that yet.
    Press /start to read how your data is kept and agree; the reference stays open meanwhile.
desk-ask-question =
    <b>Question for a volunteer</b>
    Describe your situation in your own words, in one message. Volunteers read Russian and English; they are not lawyers, but they know how things work and where to turn.
    You will be able to add photos or documents right after.
    ⚠️ Please don't send full passport scans or other full documents unless a volunteer asks for them.
desk-confirm-question =
    I will pass this question to a volunteer:
    <i>{ $question }</i>

    You can add anything in another message. What is it about?
desk-choose-category = What is it about? This helps the right volunteer see it first.
desk-draft-added = Added. What is it about?
desk-files-after = First choose what it is about; you can send photos and documents right after.
desk-question-in-words = Please write your question in words, in one message. Files can be added right after.
desk-question-too-short = That is a little short for a volunteer to understand. Describe what happened and what you want to know.
desk-question-too-long = That is longer than { $limit } characters. Send the main question first; you can add the rest in the next messages.
desk-draft-dropped = OK, I haven't sent anything. Here is the menu.
desk-btn-cancel-draft = ✖️ Don't send
desk-created =
    ✅ Your question is number <b>#{ $ticket }</b>. A volunteer will answer here, in this chat; you will not see their account and they will not see yours.
    { $expectation }

    You can add details, photos or documents now: just send them.
    ⚠️ Don't send full passport scans unless a volunteer asks for them.
desk-expect-hours = { $hours ->
    [one] Recently volunteers have answered within about an hour.
   *[other] Recently volunteers have answered within about { $hours } hours.
}
desk-expect-unknown = The desk is new, so I can't honestly say yet how long an answer takes. Volunteers answer as soon as they can.
desk-expect-nobody = Right now no volunteer is available; your question is in the queue and the coordinators have been told.
desk-limit = { $count ->
    [one] You already have { $count } open question.
   *[other] You already have { $count } open questions, the most I can keep at once, so volunteers can reach everyone.
}
    Add to one of them, or close one you no longer need:
desk-limit-reopen = You already have as many open questions as I can keep. Close one of them first.
desk-own-title = <b>Your questions to volunteers</b>
desk-own-line = <b>#{ $ticket }</b> ({ $status }): { $question }
desk-btn-write-n = ✍️ Write in #{ $ticket }
desk-btn-cancel-n = ✖️ Close #{ $ticket }
desk-btn-new = ➕ New question
desk-btn-write = ✍️ Add to it
desk-btn-cancel = ✖️ Withdraw the question
desk-user-added = ✓ Added to question #{ $ticket }. The volunteer who takes it will see it.
desk-user-sent = ✓ Sent to the volunteer (question #{ $ticket }).
desk-passport-warning = ⚠️ Only send documents a volunteer needs; don't send full passport scans unless asked.
desk-user-write-now = Write your message for question #{ $ticket }; I will pass it on. /menu to leave.
desk-user-claimed = 🙋 A volunteer has taken your question #{ $ticket } and will write here.
desk-user-requeued = Your question #{ $ticket } has gone back to the queue: that volunteer can't continue. Another volunteer will take it; nothing is lost.
desk-user-volunteer-gone = The volunteer on your question #{ $ticket } is no longer available. It is back in the queue, and another volunteer will take it; nothing is lost.
desk-user-ticket-closed = Question #{ $ticket } is closed. You can reopen it, or ask a new one from the menu.
desk-user-ticket-gone = This question no longer exists. Here is the menu.
desk-user-cancelled = Question #{ $ticket } is withdrawn. If you need it again, reopen it.
desk-user-solved = I'm glad it's sorted! Question #{ $ticket } is closed. How helpful was the answer?
desk-user-closed = The volunteer closed question #{ $ticket }. If something is still unclear, reopen it. How helpful was the answer?
desk-user-autoclosed = { $days ->
    [one] Question #{ $ticket } was closed because nobody wrote in it for a day.
   *[other] Question #{ $ticket } was closed because nobody wrote in it for { $days } days.
}
    If you still need help, reopen it. How helpful was the answer?
desk-user-rated = Thank you for the rating: it helps volunteers.
desk-user-reopened = Question #{ $ticket } is open again. Write what is still unclear.
desk-btn-reply = ↩️ Reply
desk-btn-solved = ✅ Solved
desk-btn-reopen = 🔁 Reopen
desk-relay-to-user =
    💬 <b>{ $named ->
        [yes] Volunteer { $who } answers
       *[other] Answer from a volunteer
    }</b> · question #{ $ticket }

    { $text }

    <i>Just write here to reply.</i>
desk-relay-media-to-user = 📎 { $named ->
    [yes] Volunteer { $who }
   *[other] A volunteer
} sent { $kind ->
    [photo] a photo
    [document] a file
    [voice] a voice message
   *[other] an attachment
} · question #{ $ticket }:
desk-chat-unsupported = I can pass on text, photos, documents, voice messages and videos. Stickers stay here.

## Volunteers: notifications and tickets

desk-notify =
    🆕 <b>Question #{ $ticket }</b> · { $category } · { $language } · { $waited }

    { $question }{ $files ->
        [0] {""}
       *[other] {"\u000a"}📎 files: { $files }
    }
desk-notify-again = ⏰ <b>Nobody has taken this question yet.</b>
desk-btn-take = ✋ Take #{ $ticket }
desk-notice-taken = ✋ Question #{ $ticket } has been taken by a volunteer.
desk-notice-yours = ✋ You took question #{ $ticket }.
desk-notice-closed = Question #{ $ticket } is closed or withdrawn.
desk-relay-forgotten = (Question #{ $ticket }: the person deleted their data, this message is no longer available.)
desk-you-took = Question #{ $ticket } is yours.
desk-taken = Another volunteer has already taken this question.
desk-already-yours = This question is already yours.
desk-closed = This question is already closed.
desk-missing = This question no longer exists.
desk-still-open = This question is still in the queue: take it first.
desk-not-closed = This question is still open.
desk-own = That is your own question: another volunteer will take it.
desk-take-first = Question #{ $ticket } is not yours yet. Take it first, then your answer will reach the person.
desk-denied-not-volunteer = Only approved volunteers can do this. To become one: /volunteer.
desk-denied-not-yours = This question is held by another volunteer: you can't see or change it.
desk-not-your-question = This is not your question: the button belongs to someone else's question.
desk-denied-admin-held = A volunteer holds this question and answers it. As a coordinator you can open it (/ticket with its number), put it back in the queue or close it with the buttons on its card.
desk-denied-admin = This is for coordinators only.
desk-card =
    <b>Question #{ $ticket }</b> · { $category } · { $language } · { $status }
    Asked { $asked }

    { $question }
desk-card-hint = <i>You are now in the conversation on question #{ $ticket }: everything you write in this chat goes to the person, signed “a volunteer” (or your name, if you chose to show it). /mine: your questions.</i>
desk-vol-still-in = ✍️ You are still in the conversation on question #{ $ticket }: what you write next goes to the person of question #{ $ticket }.
desk-btn-answer = ✍️ Answer
desk-btn-files = { $count ->
    [one] 📎 Show { $count } file
   *[other] 📎 Show { $count } files
}
desk-btn-note = 📝 Note
desk-btn-propose = 📚 Propose for the reference
desk-btn-release = ↩️ Give back to the queue
desk-btn-close = ✅ Close
desk-btn-card = 📂 Question #{ $ticket }
desk-btn-view = 👁 #{ $ticket }
desk-files-coming = { $count ->
    [0] There are no files in this question.
    [one] Sending { $count } file.
   *[other] Sending { $count } files.
}
desk-vol-write-now = Write your answer for question #{ $ticket }: it goes to the person.
desk-vol-sent = ✓ Sent to the person (question #{ $ticket }).
desk-relay-to-vol =
    💬 <b>Question #{ $ticket }</b>, the person writes:

    { $text }
desk-relay-media-to-vol = 📎 Question #{ $ticket }: the person sent { $kind ->
    [photo] a photo
    [document] a file
    [voice] a voice message
   *[other] an attachment
}:
desk-vol-released = Question #{ $ticket } is back in the queue. Thank you for being honest about it.
desk-vol-released-by-admin = A coordinator passed question #{ $ticket } back to the queue.
desk-vol-closed = Question #{ $ticket } is closed. Thank you!
desk-vol-admin-closed = A coordinator closed question #{ $ticket }.
desk-vol-user-closed = { $reason ->
    [solved] ✅ The person marked question #{ $ticket } as solved. Thank you!
   *[other] The person withdrew question #{ $ticket }.
}
desk-vol-user-blocked = The person who asked question #{ $ticket } blocked the bot: your messages can no longer reach them. The question is closed.
desk-vol-user-forgot = The person who asked question #{ $ticket } deleted their data; the question is closed and its messages are gone.
desk-vol-reopened = The person reopened question #{ $ticket }: it is yours again.
desk-vol-rated = Question #{ $ticket } was rated { $stars }. Thank you for your help!
desk-vol-reminder = { $hours ->
    [one] ⏰ You took question #{ $ticket } an hour ago and haven't answered yet.
   *[other] ⏰ You took question #{ $ticket } { $hours } hours ago and haven't answered yet.
}
    If you can't now, give it back to the queue: someone else will take it.
desk-vol-autoclosed = { $days ->
    [one] Question #{ $ticket } closed itself after a day without messages.
   *[other] Question #{ $ticket } closed itself after { $days } days without messages.
}
desk-note-ask = Write an internal note on question #{ $ticket }. Only volunteers and coordinators see it, never the person.
desk-note-saved = 📝 Note saved on question #{ $ticket }.
desk-note-saved-back = 📝 Note saved on question #{ $ticket }. You are back in the conversation on question #{ $ticket }: what you write next goes to the person.
desk-proposed = Thank you! Proposal { $proposal } has gone to the coordinators; they will remove personal details before anything reaches the reference.
desk-propose-no-answer = There is no answer in this question yet to propose.
desk-queue-empty = The queue is empty. Thank you for checking!
desk-queue-title = { $count ->
    [one] <b>Waiting: { $count } question</b> (oldest first)
   *[other] <b>Waiting: { $count } questions</b> (oldest first)
}
desk-queue-line = <b>#{ $ticket }</b> · { $category } · { $language } · { $waited }
    { $question }
desk-mine-empty = You hold no questions right now. /queue shows what is waiting.
desk-mine-title = { $count ->
    [one] <b>You hold { $count } question</b>
   *[other] <b>You hold { $count } questions</b>
}
desk-mine-line = <b>#{ $ticket }</b> · { $category } · last message { $active }
desk-ticket-usage = Usage: /ticket 12
desk-answer-usage = Usage: /answer 12 your answer
desk-tickets-empty = No open questions.
desk-tickets-title = { $count ->
    [one] <b>{ $count } open question</b>
   *[other] <b>{ $count } open questions</b>
}
desk-tickets-line = #{ $ticket } · { $status } · { $category } · { $waited }

## Coordinators

desk-admin-nobody = ⚠️ Question #{ $ticket } ({ $language }): no volunteer is available for it right now.
desk-admin-sla = { $hours ->
    [one] ⏰ Question #{ $ticket } has waited { $hours } hour and nobody has taken it.
   *[other] ⏰ Question #{ $ticket } has waited { $hours } hours and nobody has taken it.
}
desk-admin-stalled = { $hours ->
    [one] ⏰ Question #{ $ticket } was taken { $hours } hour ago and has no answer yet.
   *[other] ⏰ Question #{ $ticket } was taken { $hours } hours ago and has no answer yet.
}
desk-admin-vol-blocked = { $count ->
    [one] Volunteer { $name } blocked the bot; { $count } question went back to the queue.
   *[other] Volunteer { $name } blocked the bot; { $count } questions went back to the queue.
}
desk-admin-proposal = 📚 Proposal { $proposal } for the reference, from question #{ $ticket }. /proposals to review.
desk-proposals-empty = No proposals waiting.
desk-proposal =
    📚 <b>Proposal { $proposal }</b> · { $category } · { $language }
    <b>Question:</b> { $question }

    <b>Answer:</b> { $answer }

    <i>Remove names and personal details before adding it to the reference.</i>
desk-btn-accept = ✅ Accept
desk-btn-reject = ✖️ Reject
desk-proposal-accepted = Accepted: add it to the reference files.
desk-proposal-rejected = Rejected.

## Becoming a volunteer

vol-offer = You said you are a volunteer. Fill in a short form for the coordinators: once they approve it, questions from people will reach you here.
vol-btn-signup = 📝 Fill in the form
vol-btn-later = Later
vol-later = OK. When you are ready: /volunteer.
vol-need-consent = First press /start and agree to how data is kept: volunteers' names and languages are stored too.
vol-ask-name =
    <b>Volunteer form</b> (1 of 4)
    What name should people see? A first name or a nickname is enough. By default people see only “a volunteer”; you will choose in a moment.
vol-name-invalid = Please send a name of up to { $limit } characters, with letters.
vol-ask-languages = (2 of 4) Which languages can you read and write?
vol-ask-areas = (3 of 4) Which topics can you help with?
vol-ask-show-name = (4 of 4) Show the name “{ $name }” to people you help? If not, they will see “a volunteer”.
vol-btn-show-yes = Show my name
vol-btn-show-no = Stay anonymous
vol-btn-next = Next ➡️
vol-choose-one-lang = Choose at least one language.
vol-choose-one-area = Choose at least one topic.
vol-lang-ru = Russian
vol-lang-en = English
vol-lang-uk = Ukrainian
vol-lang-es = Spanish
vol-request-sent = Thank you! Your form has gone to the coordinators. I will write when they decide.
vol-already = You are already registered as a volunteer: /volunteer shows your status.
vol-state-pending = Your form is with the coordinators. I will write when they decide.
vol-state-paused = Your volunteer access is paused by a coordinator. Ask them if you think this is a mistake.
vol-state-revoked = Your volunteer access has been withdrawn.
vol-admin-request =
    🙋 <b>New volunteer</b>: { $name }
    Languages: { $languages }
    Topics: { $areas }
vol-btn-approve = ✅ Approve
vol-btn-reject = ✖️ Reject
vol-btn-pause = ⏸ Pause
vol-btn-resume = ▶️ Resume
vol-btn-revoke = ⛔ Revoke
vol-approved = 🎉 The coordinators approved you as a volunteer. /queue shows waiting questions, /volunteer your panel. Thank you!
vol-rejected = The coordinators did not approve your volunteer form this time. Thank you for offering to help.
vol-paused = A coordinator paused your volunteer access. Your questions have gone to other volunteers.
vol-resumed = Your volunteer access is back. /queue shows waiting questions.
vol-revoked = Your volunteer access has been withdrawn. Your questions have gone to other volunteers.
vol-decided-approve = ✅ { $name }: application approved, people's questions will come to them.
vol-decided-reject = { $name }: application declined.
vol-decided-pause = ⏸ { $name }: access paused, their questions went to other volunteers.
vol-decided-resume = ▶️ { $name }: access open again.
vol-decided-revoke = ⛔ { $name }: access revoked, their questions went to other volunteers.
vol-decided-reinstate = ▶️ { $name }: access restored.
vol-btn-reinstate = ▶️ Restore access
vol-btn-list = ⬅️ All volunteers
vol-decision-stale = Already decided: { $status }.
vol-status-pending = application waiting for a decision
vol-status-approved = access open
vol-status-paused = access paused
vol-status-revoked = access revoked
vol-status-rejected = application declined
vol-list-empty = No volunteers yet.
vol-list-title = { $count ->
    [one] <b>{ $count } volunteer</b>
   *[other] <b>{ $count } volunteers</b>
}
vol-line = { $name }: { $status } · { $languages } · { $areas }{ $away ->
    [yes] {" "}· away
   *[other] {""}
}
vol-card-held = { $count ->
    [one] Holds { $count } question.
   *[other] Holds { $count } questions.
}
vol-panel =
    <b>Volunteer { $name }</b>
    { $away ->
        [yes] 🌙 You are away: new questions are not sent to you.
       *[other] 🟢 You receive new questions.
    }
    { $shown ->
        [yes] People see your name.
       *[other] People see “a volunteer”.
    }
    Waiting in the queue: { $waiting }. You hold: { $held }.
vol-btn-queue = 📥 Queue
vol-btn-mine = 📂 My questions
vol-btn-away = 🌙 I'm away
vol-btn-back = 🟢 I'm back
vol-btn-showname = Show my name
vol-btn-hidename = Hide my name
vol-switched-away = Marked as away: new questions won't come to you.
vol-switched-back = Welcome back: new questions will come to you again.
vol-switched-showname = People will see your name.
vol-switched-hidename = People will see “a volunteer”.
