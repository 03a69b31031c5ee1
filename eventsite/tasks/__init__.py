"""Background work off the request path: ``enqueue(task, **json_args)``.

A task is a function in an app's ``tasks.py`` (or in a ``tasks.py`` of a package inside the app)
decorated with ``@task``. ``enqueue`` sends it, with JSON arguments only, once the writing
transaction has committed (nothing is sent for a rolled-back write), to the back end
``TASKS_BACKEND`` names (``eventsite.tasks.backends``): a worker thread of the web process after
the response has gone (``inline``, the local default), an SQS queue the same Lambda function
consumes (``sqs``, production), or at once in the calling thread (``sync``, for tests). Every
message carries an id, and a message delivered twice runs once (``eventsite.tasks.runner``).
"""

from eventsite.tasks.queue import Task, enqueue, enqueue_in, task

__all__ = ["Task", "enqueue", "enqueue_in", "task"]
