"""The server's use cases, one module per resource: create, read, list and delete as plain functions
taking a database session and the calling user, raising the errors of `errors`. The API's routes
and the workers call these; neither holds a rule of its own."""
