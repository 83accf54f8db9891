"""The words for a model's files, shared by `rnnvis models upload` and `rnnvis analyze`."""

WEIGHTS_HELP = (
    ".safetensors, a state_dict, a training checkpoint, a Lightning .ckpt, or a module saved with "
    "torch.save(model, f) (read without running its code)"
)
VOCAB_HELP = "vocab.txt (one token per line, line i is id i) or vocab.json (word -> id)"
VOCAB_FROM_HELP = (
    "instead of a vocabulary file: the training text files in order (train.txt valid.txt test.txt), "
    "or the folder that holds them, as PyTorch's word_language_model reads them (ids in order of "
    "first appearance, <eos> after each line)"
)
