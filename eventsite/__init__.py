import os

# On Lambda, the collector waits until the handler is built (eventsite.runtime.start_up).
if os.environ.get("AWS_LAMBDA_FUNCTION_NAME"):
    from eventsite.runtime.start_up import pause_collector

    pause_collector()
