## Broadcasts (/broadcast): for admins and coordinators

bc-ask-text = 📣 <b>New broadcast.</b> Send the Russian text (formatting allowed), or a photo or document with a caption.
bc-need-text = A text is needed: send it as a message or as a photo caption.
bc-ask-text-en = An English text for people who use English? Send it or press "Skip": then everyone gets the Russian text.
bc-btn-skip = Skip
bc-btn-cancel = ✖️ Cancel
bc-ask-segment = Who should get it?
bc-seg-all = Everyone
bc-seg-role-relative = Relatives
bc-seg-case = Families with an open case
bc-seg-vol = Volunteers
bc-seg-mexico = People waiting in Mexico
bc-seg-lang-ru = Everyone using Russian
bc-seg-lang-en = Everyone using English
bc-preview-intro = Recipients: <b>{ $n }</b> ({ $segment }). People who blocked the bot or turned announcements off are left out. Below is what they will see ({ $languages }).
bc-preview-lang = 👇 Language: { $lang }
bc-confirm = Send to { $n } recipients?
bc-btn-send = ✅ Send ({ $n })
bc-aborted = Broadcast cancelled; nothing was sent.
bc-progress =
    📣 <b>Broadcast #{ $id }</b>: { $status }
    Delivered: { $delivered } of { $total }
    Blocked the bot: { $blocked }, failed: { $failed }
    Left: { $waiting }, about { $eta } s
bc-status-sending = sending
bc-status-paused = paused
bc-status-cancelled = stopped
bc-status-done = finished
bc-btn-pause = ⏸ Pause
bc-btn-resume = ▶️ Resume
bc-btn-stop = ⏹ Stop for good
bc-done-pause = Paused: the remaining messages wait.
bc-done-resume = Resuming.
bc-done-stop = Broadcast stopped.
bc-report = 📣 Broadcast #{ $id } finished: delivered { $delivered }, blocked the bot { $blocked }, failed { $failed }.
bc-error-no-text = The broadcast needs a text.
bc-error-too-long = The text is too long: 3,500 characters at most.
bc-error-caption-too-long = A photo or document caption is 1,024 characters at most. Please shorten it.
bc-error-bad-segment = There is no such group of recipients.
bc-error-not-found = There is no such broadcast.
bc-error-not-sending = The broadcast is not being sent right now.
bc-error-not-paused = The broadcast is not paused.
bc-error-finished = The broadcast has already ended.
bc-error-stale = This broadcast is no longer being composed: start again with /broadcast.
