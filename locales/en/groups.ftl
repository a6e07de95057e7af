# The bot added to a group (bot/handlers/groups.py).
group-not-here =
    Hello! I help families whose loved ones were detained at the US border or in the US: I explain what is happening, help keep track of the case and the hearings, and pass questions to volunteers.
    What people tell me is private, so I only work in private chats. Write to me: { $bot }
    I am leaving this group now.
