"""E-mail outbox: a message row written in the transaction of the change that causes it; a job sends it."""
