"""Long work done by the workers: job bookkeeping and the work itself (training, recording, ...)."""
