# Types for the small part of APScheduler 3 the bot uses: the package ships none, and
# without these the scheduler and the bot's trigger subclass would be untyped (Any).
