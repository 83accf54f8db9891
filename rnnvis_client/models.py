# Generated from openapi.json by `make api-schema` (datamodel-codegen): do not edit, and no need to
# read it whole. Each class is a request or answer body of the API, named as in openapi.json; the
# Client methods that use them are in rnnvis_client/client.py, and docs/reference/http.md lists each
# route with its fields.

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, RootModel


class UnitCluster(RootModel[int]):
    root: Annotated[
        int,
        Field(
            description='the memory chip whose units are ablated',
            ge=0,
            le=100,
            title='Unit Cluster',
        ),
    ]


class Unit(RootModel[int]):
    root: Annotated[int, Field(ge=0, le=2147483647)]


class Units(RootModel[list[Unit]]):
    root: Annotated[
        list[Unit],
        Field(
            description="or these units of the co-clustering's layer",
            max_length=5000,
            title='Units',
        ),
    ]


class CorpusId(RootModel[int]):
    root: Annotated[
        int, Field(description="a record's id", ge=1, le=2147483647, title='Corpus Id')
    ]


class MaxTokens(RootModel[int]):
    root: Annotated[
        int,
        Field(
            description='read at most this many tokens of the corpus; default all',
            ge=1,
            le=2147483647,
            title='Max Tokens',
        ),
    ]


class ProjectId(RootModel[int]):
    root: Annotated[
        int,
        Field(
            description='share it into this project (you must be at least its editor); null: private',
            ge=1,
            le=2147483647,
            title='Project Id',
        ),
    ]


class AblationCreate(BaseModel):
    model_config = ConfigDict(
        extra='forbid',
    )
    unit_cluster: Annotated[
        UnitCluster | None,
        Field(
            description='the memory chip whose units are ablated', title='Unit Cluster'
        ),
    ] = None
    units: Annotated[
        Units | None,
        Field(description="or these units of the co-clustering's layer", title='Units'),
    ] = None
    corpus_id: Annotated[
        CorpusId | None,
        Field(description="default: the recording's corpus", title='Corpus Id'),
    ] = None
    method: Annotated[
        Literal['freeze', 'zero'] | None,
        Field(
            description='freeze: the units keep their previous value (Δs = 0); zero: they are 0',
            title='Method',
        ),
    ] = 'freeze'
    controls: Annotated[
        int | None,
        Field(
            description='random unit sets of the same size, for comparison',
            ge=0,
            le=50,
            title='Controls',
        ),
    ] = 5
    seed: Annotated[
        int | None,
        Field(description='draws the controls', ge=0, le=4294967295, title='Seed'),
    ] = 0
    max_tokens: Annotated[
        MaxTokens | None,
        Field(
            description='read at most this many tokens of the corpus; default all',
            title='Max Tokens',
        ),
    ] = None
    project_id: Annotated[
        ProjectId | None,
        Field(
            description='share it into this project (you must be at least its editor); null: private',
            title='Project Id',
        ),
    ] = None


class AblationLoss(BaseModel):
    unablated: Annotated[
        float,
        Field(
            description="mean next-token cross-entropy (nats), or a classifier's log-loss",
            title='Unablated',
        ),
    ]
    ablated: Annotated[float, Field(title='Ablated')]
    controls: Annotated[list[float], Field(title='Controls')]
    perplexity: Annotated[
        dict[str, Any] | None,
        Field(description='language models: exp of each loss', title='Perplexity'),
    ] = None


class Accepted(BaseModel):
    id: Annotated[int, Field(title='Id')]
    status: Annotated[
        Literal['queued', 'running', 'succeeded', 'failed', 'cancelled'],
        Field(title='Status'),
    ]
    job_id: Annotated[int, Field(title='Job Id')]


class Units1Item(RootModel[int]):
    root: Annotated[int, Field(ge=0, le=100000)]


class Units1(RootModel[list[Units1Item]]):
    root: Annotated[
        list[Units1Item],
        Field(
            description='these units of (layer, state); or coclustering_id + unit_cluster',
            max_length=5000,
            title='Units',
        ),
    ]


class CoclusteringId(RootModel[int]):
    root: Annotated[
        int,
        Field(
            description="a record's id", ge=1, le=2147483647, title='Coclustering Id'
        ),
    ]


class UnitCluster1(RootModel[int]):
    root: Annotated[
        int,
        Field(
            description='with coclustering_id: the memory chip',
            ge=0,
            le=100,
            title='Unit Cluster',
        ),
    ]


class Layer(RootModel[int]):
    root: Annotated[
        int,
        Field(
            description="the layer, 0 the lowest; default the co-clustering's, or the top",
            ge=0,
            le=100,
            title='Layer',
        ),
    ]


class State(RootModel[str]):
    root: Annotated[
        str,
        Field(
            description="h, or c of an LSTM; default the co-clustering's, or h",
            max_length=20,
            pattern='^(h|c|gate_i|gate_f|gate_o|gate_r|gate_z|y|norm|wkv)(@([1-9]|1[0-6]))?$',
            title='State',
        ),
    ]


class Step(RootModel[int]):
    root: Annotated[
        int,
        Field(
            description='the step (0-based token index) whose state is explained; default the last',
            ge=0,
            le=2147483647,
            title='Step',
        ),
    ]


class AttributeRequest(BaseModel):
    model_config = ConfigDict(
        extra='forbid',
    )
    text: Annotated[
        str,
        Field(
            description="the text read, tokenized as the model's corpora are",
            min_length=1,
            title='Text',
        ),
    ]
    units: Annotated[
        Units1 | None,
        Field(
            description='these units of (layer, state); or coclustering_id + unit_cluster',
            title='Units',
        ),
    ] = None
    coclustering_id: Annotated[
        CoclusteringId | None,
        Field(
            description='a co-clustering of this model: its chip unit_cluster, its layer and state',
            title='Coclustering Id',
        ),
    ] = None
    unit_cluster: Annotated[
        UnitCluster1 | None,
        Field(
            description='with coclustering_id: the memory chip', title='Unit Cluster'
        ),
    ] = None
    layer: Annotated[
        Layer | None,
        Field(
            description="the layer, 0 the lowest; default the co-clustering's, or the top",
            title='Layer',
        ),
    ] = None
    state: Annotated[
        State | None,
        Field(
            description="h, or c of an LSTM; default the co-clustering's, or h",
            title='State',
        ),
    ] = None
    step: Annotated[
        Step | None,
        Field(
            description='the step (0-based token index) whose state is explained; default the last',
            title='Step',
        ),
    ] = None
    n_steps: Annotated[
        int | None,
        Field(
            description='quadrature nodes of the integral over the path',
            ge=1,
            le=256,
            title='N Steps',
        ),
    ] = 32


class AttributionOut(BaseModel):
    model_id: Annotated[int, Field(title='Model Id')]
    coclustering_id: Annotated[int | None, Field(title='Coclustering Id')]
    unit_cluster: Annotated[int | None, Field(title='Unit Cluster')]
    tokens: Annotated[
        list[str], Field(description='every token of the text', title='Tokens')
    ]
    layer: Annotated[int, Field(title='Layer')]
    state: Annotated[str, Field(title='State')]
    units: Annotated[list[int], Field(title='Units')]
    step: Annotated[int, Field(title='Step')]
    attributions: Annotated[
        list[float],
        Field(
            description="tokens 0..step: each one's part of value - baseline",
            title='Attributions',
        ),
    ]
    value: Annotated[
        float, Field(description="the units' summed state at step", title='Value')
    ]
    baseline: Annotated[
        float, Field(description='the same with every embedding 0', title='Baseline')
    ]
    completeness_error: Annotated[
        float,
        Field(
            description='sum(attributions) - (value - baseline)',
            title='Completeness Error',
        ),
    ]
    n_steps: Annotated[int, Field(title='N Steps')]
    method: Annotated[str, Field(title='Method')]


class BaselineMetrics(BaseModel):
    name: Annotated[
        str,
        Field(
            description='unigram word frequencies, or always answering the commonest label',
            title='Name',
        ),
    ]
    loss: Annotated[float, Field(title='Loss')]
    accuracy: Annotated[float, Field(title='Accuracy')]
    perplexity: Annotated[float | None, Field(title='Perplexity')] = None
    balanced_accuracy: Annotated[float | None, Field(title='Balanced Accuracy')] = None


class BodyAddCheckpoint(BaseModel):
    step: Annotated[
        int,
        Field(
            description='the training step (or epoch) it was saved at',
            ge=0,
            le=2147483647,
            title='Step',
        ),
    ]
    name: Annotated[
        str | None,
        Field(
            description="a name to know it by; default the model's name @ step N",
            title='Name',
        ),
    ] = None
    weights: Annotated[
        bytes | None,
        Field(
            description='.safetensors, a state_dict, a training checkpoint, a Lightning .ckpt or a module saved with torch.save(model, f) (read without running its code); or give files',
            title='Weights',
        ),
    ] = None
    vocab: Annotated[
        bytes | None,
        Field(
            description='vocab.txt (line i is id i) or vocab.json (word -> id); or give vocab_from',
            title='Vocab',
        ),
    ] = None
    config: Annotated[
        bytes | None, Field(description='optional config.json', title='Config')
    ] = None
    vocab_from: Annotated[
        list[bytes] | None,
        Field(
            description='instead of vocab: the training text files in order (train.txt, valid.txt, test.txt), the vocabulary built from them as word_language_model builds it',
            title='Vocab From',
        ),
    ] = None
    vocab_order: Annotated[
        Literal['first_appearance'] | None,
        Field(
            description='with vocab_from: ids in order of first appearance, <eos> after each line',
            title='Vocab Order',
        ),
    ] = None
    files: Annotated[
        list[bytes] | None,
        Field(
            description='instead of weights (SPEC 11): a model folder as save_pretrained writes it, each file a part named by its file name (config.json, model.safetensors, tokenizer.json, ...), or one .zip/.tar of the folder; model_type mamba, mamba2, rwkv, xlstm or recurrent_gemma',
            title='Files',
        ),
    ] = None


class ProjectId1(RootModel[int]):
    root: Annotated[
        int,
        Field(
            description='share it into this project (at least its editor); empty: private',
            ge=1,
            le=2147483647,
            title='Project Id',
        ),
    ]


class BodyCreateCorpus(BaseModel):
    name: Annotated[
        str,
        Field(description='a name to know it by (1 to 200 characters)', title='Name'),
    ]
    format: Annotated[
        Literal['text', 'labeled'],
        Field(
            description='text, or labeled (TSV label<TAB>text, or JSONL)',
            title='Format',
        ),
    ]
    file: Annotated[
        bytes,
        Field(
            description='UTF-8 text, one sequence per line',
            json_schema_extra={'contentMediaType': 'application/octet-stream'},
            title='File',
        ),
    ]
    project_id: Annotated[
        ProjectId1 | None,
        Field(
            description='share it into this project (at least its editor); empty: private',
            title='Project Id',
        ),
    ] = None


class BodyCreateModel(BaseModel):
    name: Annotated[
        str,
        Field(description='a name to know it by (1 to 200 characters)', title='Name'),
    ]
    weights: Annotated[
        bytes | None,
        Field(
            description='.safetensors, a state_dict, a training checkpoint, a Lightning .ckpt or a module saved with torch.save(model, f) (read without running its code); or give files',
            title='Weights',
        ),
    ] = None
    vocab: Annotated[
        bytes | None,
        Field(
            description='vocab.txt (line i is id i) or vocab.json (word -> id); or give vocab_from',
            title='Vocab',
        ),
    ] = None
    config: Annotated[
        bytes | None, Field(description='optional config.json', title='Config')
    ] = None
    vocab_from: Annotated[
        list[bytes] | None,
        Field(
            description='instead of vocab: the training text files in order (train.txt, valid.txt, test.txt), the vocabulary built from them as word_language_model builds it',
            title='Vocab From',
        ),
    ] = None
    vocab_order: Annotated[
        Literal['first_appearance'] | None,
        Field(
            description='with vocab_from: ids in order of first appearance, <eos> after each line',
            title='Vocab Order',
        ),
    ] = None
    files: Annotated[
        list[bytes] | None,
        Field(
            description='instead of weights (SPEC 11): a model folder as save_pretrained writes it, each file a part named by its file name (config.json, model.safetensors, tokenizer.json, ...), or one .zip/.tar of the folder; model_type mamba, mamba2, rwkv, xlstm or recurrent_gemma',
            title='Files',
        ),
    ] = None
    project_id: Annotated[
        ProjectId1 | None,
        Field(
            description='share it into this project (at least its editor); empty: private',
            title='Project Id',
        ),
    ] = None


class CheckpointOut(BaseModel):
    """
    One model of a series of checkpoints (issue 34): every analysis takes its model_id.
    """

    model_id: Annotated[int, Field(title='Model Id')]
    name: Annotated[str, Field(title='Name')]
    step: Annotated[
        int | None,
        Field(
            description='the training step or epoch; null: the model the series is of',
            title='Step',
        ),
    ]
    head: Annotated[
        bool,
        Field(
            description='the model the series is of (the others are its checkpoints)',
            title='Head',
        ),
    ]
    created_at: Annotated[AwareDatetime, Field(title='Created At')]


class ChipHalfLivesOut(BaseModel):
    """
    SPEC 13: a memory chip's half-life is the median of its units' (a unit that holds its words
    longer than the trace counts as longer than any); null when that median is such a unit.
    """

    recording_id: Annotated[int, Field(title='Recording Id')]
    layer: Annotated[int, Field(title='Layer')]
    state: Annotated[str, Field(title='State')]
    depth: Annotated[
        int,
        Field(
            description="the recording's trace: half-lives are within 1..depth",
            title='Depth',
        ),
    ]
    chips: Annotated[
        list[float | None],
        Field(description="[k]: each unit cluster's half-life", title='Chips'),
    ]
    units: Annotated[
        list[float | None],
        Field(description="[H]: each unit's half-life", title='Units'),
    ]


class Citation(BaseModel):
    bibtex: Annotated[
        str,
        Field(
            description='the paper the analysis is from (Ming et al., VAST 2017)',
            title='Bibtex',
        ),
    ]
    data: Annotated[
        str,
        Field(
            description='one line naming the model and data the figure shows',
            title='Data',
        ),
    ]


class Layer1(RootModel[int]):
    root: Annotated[
        int,
        Field(
            description='the layer; default the top one', ge=0, le=100, title='Layer'
        ),
    ]


class Word(RootModel[str]):
    root: Annotated[str, Field(max_length=200, min_length=1)]


class Words(RootModel[list[Word]]):
    root: Annotated[
        list[Word],
        Field(
            description='word_selection list: the words', max_length=5000, title='Words'
        ),
    ]


class ProjectId3(RootModel[int]):
    root: Annotated[
        int,
        Field(
            description='share it into this project (you must be at least its editor); null: private',
            ge=1,
            le=2147483647,
            title='Project Id',
        ),
    ]


class CoclusteringCreate(BaseModel):
    model_config = ConfigDict(
        extra='forbid',
    )
    layer: Annotated[
        Layer1 | None,
        Field(description='the layer; default the top one', title='Layer'),
    ] = None
    state: Annotated[
        str | None,
        Field(
            description='the state: h, c (LSTM), a gate recorded with gates, or a SPEC 11 state (y, norm@1, ...)',
            max_length=20,
            pattern='^(h|c|gate_i|gate_f|gate_o|gate_r|gate_z|y|norm|wkv)(@([1-9]|1[0-6]))?$',
            title='State',
        ),
    ] = 'h'
    n_clusters: Annotated[
        int | None,
        Field(
            description='k: memory chips (unit clusters) and word clouds',
            ge=2,
            le=100,
            title='N Clusters',
        ),
    ] = 8
    top_words: Annotated[
        int | None,
        Field(
            description='how many words: the most frequent (or salient) ones',
            ge=2,
            le=5000,
            title='Top Words',
        ),
    ] = 500
    min_count: Annotated[
        int | None,
        Field(
            description='words seen fewer times are left out',
            ge=1,
            le=2147483647,
            title='Min Count',
        ),
    ] = 5
    mode: Annotated[
        Literal['abs', 'positive', 'negative', 'raw'] | None,
        Field(
            description='what is co-clustered: abs |E[Δs|w]|, positive or negative its part of that sign, raw the signed value shifted to be non-negative',
            title='Mode',
        ),
    ] = 'abs'
    seed: Annotated[
        int | None,
        Field(
            description='the random seed: the same seed, the same result',
            ge=0,
            le=4294967295,
            title='Seed',
        ),
    ] = 0
    word_selection: Annotated[
        Literal['frequent', 'salient', 'list'] | None,
        Field(
            description='frequent: the top_words most frequent words seen min_count times; salient: among those, the top_words of largest mean |E[Δs|word]|; list: `words` (every one must occur)',
            title='Word Selection',
        ),
    ] = 'frequent'
    words: Annotated[
        Words | None, Field(description='word_selection list: the words', title='Words')
    ] = None
    seeds: Annotated[
        int | None,
        Field(
            description='> 1: also co-cluster subsamples with the next seeds for confidence and stability',
            ge=1,
            le=20,
            title='Seeds',
        ),
    ] = 1
    consensus: Annotated[
        bool | None,
        Field(
            description="with seeds >= 2: report the consensus of the seeds' subsampled runs (words and units grouped by how often the runs put them together) rather than one seed's labels; stability then also gives consensus_agreement with the consensus of the next seeds (SPEC 9)",
            title='Consensus',
        ),
    ] = False
    project_id: Annotated[
        ProjectId3 | None,
        Field(
            description='share it into this project (you must be at least its editor); null: private',
            title='Project Id',
        ),
    ] = None


class MergeItem(RootModel[int]):
    root: Annotated[int, Field(ge=0, le=100)]


class Merge(RootModel[list[MergeItem]]):
    root: Annotated[
        list[MergeItem],
        Field(
            description='[i, j]: j joins i', max_length=2, min_length=2, title='Merge'
        ),
    ]


class CoclusteringQuality(BaseModel):
    modularity: Annotated[
        float,
        Field(
            description="Barber's bipartite modularity of mode(M) (SPEC 9)",
            title='Modularity',
        ),
    ]
    cluster_modularity: Annotated[
        list[float],
        Field(description='its term for each co-cluster', title='Cluster Modularity'),
    ]
    block_share: Annotated[
        float,
        Field(
            description="share of the matrix's mass inside the co-clusters' blocks",
            title='Block Share',
        ),
    ]
    block_share_random: Annotated[
        float,
        Field(
            description='its expectation for random labels of the same sizes',
            title='Block Share Random',
        ),
    ]
    band: Annotated[
        Literal['flat', 'weak', 'clear'],
        Field(
            description="flat: no better than random labels (within what co-clustering noise of this size and mode gives); clear: at least 2 times the noise's modularity; weak between (services/clustering/verdict.py)",
            title='Band',
        ),
    ]
    noise_modularity: Annotated[
        float,
        Field(
            description='the modularity random responses of this size and mode reach',
            title='Noise Modularity',
        ),
    ]


class ConsensusAgreement(BaseModel):
    units: Annotated[
        float,
        Field(
            description="adjusted Rand index of the unit labels with the next seeds' consensus",
            title='Units',
        ),
    ]
    words: Annotated[
        float, Field(description='the same for the word labels', title='Words')
    ]


class ControlStatistic(BaseModel):
    logit: Annotated[float | None, Field(title='Logit')]
    probability: Annotated[float | None, Field(title='Probability')]


class CorpusOut(BaseModel):
    id: Annotated[int, Field(title='Id')]
    name: Annotated[str, Field(title='Name')]
    format: Annotated[str, Field(title='Format')]
    num_sequences: Annotated[int, Field(title='Num Sequences')]
    num_tokens: Annotated[int, Field(title='Num Tokens')]
    labels: Annotated[list[str] | None, Field(title='Labels')]
    files: Annotated[dict[str, Any], Field(title='Files')]
    owner_id: Annotated[int, Field(title='Owner Id')]
    project_id: Annotated[
        int | None,
        Field(
            description='the project it is shared into; null: private to its owner',
            title='Project Id',
        ),
    ]
    created_at: Annotated[AwareDatetime, Field(title='Created At')]


class Word1(RootModel[str]):
    root: Annotated[
        str,
        Field(
            description='a word of the co-clustering',
            max_length=200,
            min_length=1,
            title='Word',
        ),
    ]


class Unit1(RootModel[int]):
    root: Annotated[
        int, Field(description='or a unit', ge=0, le=2147483647, title='Unit')
    ]


class EditMove(BaseModel):
    model_config = ConfigDict(
        extra='forbid',
    )
    word: Annotated[
        Word1 | None, Field(description='a word of the co-clustering', title='Word')
    ] = None
    unit: Annotated[Unit1 | None, Field(description='or a unit', title='Unit')] = None
    to: Annotated[
        int, Field(description='the cluster it moves to', ge=0, le=100, title='To')
    ]


class EditSplit(BaseModel):
    model_config = ConfigDict(
        extra='forbid',
    )
    cluster: Annotated[int, Field(ge=0, le=100, title='Cluster')]
    k: Annotated[
        int | None, Field(description='into how many parts', ge=2, le=10, title='K')
    ] = 2


class EpochMetrics(BaseModel):
    epoch: Annotated[int, Field(title='Epoch')]
    train_loss: Annotated[
        float, Field(description='mean training loss of the epoch', title='Train Loss')
    ]
    validation_loss: Annotated[
        float | None,
        Field(
            description='mean cross-entropy on the held-out text, nats',
            title='Validation Loss',
        ),
    ]
    validation_accuracy: Annotated[
        float | None,
        Field(
            description='top-1 accuracy: next word, or class',
            title='Validation Accuracy',
        ),
    ]
    validation_perplexity: Annotated[
        float | None,
        Field(
            description='language models: exp(validation_loss)',
            title='Validation Perplexity',
        ),
    ]
    balanced_accuracy: Annotated[
        float | None,
        Field(
            description='classifiers: mean recall over classes',
            title='Balanced Accuracy',
        ),
    ]


class ErrorOut(BaseModel):
    detail: Annotated[
        Any,
        Field(
            description='what went wrong, in words (a list of field errors for a 422)',
            title='Detail',
        ),
    ]


class Layer2(RootModel[int]):
    root: Annotated[
        int,
        Field(
            description="the glyphs' layer; default the co-clustering's",
            ge=0,
            le=100,
            title='Layer',
        ),
    ]


class State1(RootModel[str]):
    root: Annotated[
        str,
        Field(
            description="the glyphs' state; default the co-clustering's",
            max_length=20,
            pattern='^(h|c|gate_i|gate_f|gate_o|gate_r|gate_z|y|norm|wkv)(@([1-9]|1[0-6]))?$',
            title='State',
        ),
    ]


class Output(RootModel[int]):
    root: Annotated[
        int,
        Field(
            description='the output whose logit is decomposed; default the top one',
            ge=0,
            le=2147483647,
            title='Output',
        ),
    ]


class EvaluateRequest(BaseModel):
    model_config = ConfigDict(
        extra='forbid',
    )
    text: Annotated[
        str,
        Field(
            description="the text to read, tokenized as the model's corpora are",
            min_length=1,
            title='Text',
        ),
    ]
    coclustering_id: Annotated[
        CoclusteringId | None,
        Field(
            description='a co-clustering of this model: glyphs per memory chip and step',
            title='Coclustering Id',
        ),
    ] = None
    layer: Annotated[
        Layer2 | None,
        Field(
            description="the glyphs' layer; default the co-clustering's", title='Layer'
        ),
    ] = None
    state: Annotated[
        State1 | None,
        Field(
            description="the glyphs' state; default the co-clustering's", title='State'
        ),
    ] = None
    output: Annotated[
        Output | None,
        Field(
            description='the output whose logit is decomposed; default the top one',
            title='Output',
        ),
    ] = None


class EventOut(BaseModel):
    id: Annotated[int, Field(title='Id')]
    at: Annotated[AwareDatetime, Field(title='At')]
    actor_id: Annotated[int | None, Field(title='Actor Id')]
    actor: Annotated[
        str, Field(description='who did it (the name at the time)', title='Actor')
    ]
    action: Annotated[
        Literal[
            'created',
            'renamed',
            'member added',
            'role changed',
            'member removed',
            'shared',
            'unshared',
            'ran',
            'deleted',
        ],
        Field(title='Action'),
    ]
    kind: Annotated[
        Literal[
            'model',
            'corpus',
            'recording',
            'coclustering',
            'scan',
            'ablation',
            'training',
        ]
        | None,
        Field(
            description='what kind of resource (null for a project or member event)',
            title='Kind',
        ),
    ]
    resource_id: Annotated[int | None, Field(title='Resource Id')]
    resource: Annotated[
        str,
        Field(
            description="the resource's or member's name at the time", title='Resource'
        ),
    ]
    detail: Annotated[dict[str, Any] | None, Field(title='Detail')]


class FigureCorpus(BaseModel):
    id: Annotated[int, Field(title='Id')]
    name: Annotated[str, Field(title='Name')]
    tokens: Annotated[int, Field(title='Tokens')]


class FigureModel(BaseModel):
    id: Annotated[int, Field(title='Id')]
    name: Annotated[str, Field(title='Name')]
    step: Annotated[
        int | None,
        Field(
            description='its step in a series of checkpoints, if it is one',
            title='Step',
        ),
    ]
    weights_sha256: Annotated[
        str | None,
        Field(
            description='the sha256 of its weights file, as uploaded',
            title='Weights Sha256',
        ),
    ]


class HurtWord(BaseModel):
    word: Annotated[str, Field(title='Word')]
    count: Annotated[int, Field(title='Count')]
    delta: Annotated[
        float,
        Field(
            description='mean loss change after it (classifier: over sequences with it)',
            title='Delta',
        ),
    ]


class JobOut(BaseModel):
    id: Annotated[int, Field(title='Id')]
    kind: Annotated[str, Field(title='Kind')]
    status: Annotated[
        Literal['queued', 'running', 'succeeded', 'failed', 'cancelled'],
        Field(title='Status'),
    ]
    progress: Annotated[float, Field(title='Progress')]
    message: Annotated[str, Field(title='Message')]
    error: Annotated[str | None, Field(title='Error')]
    cancel_requested: Annotated[bool, Field(title='Cancel Requested')]
    attempts: Annotated[int, Field(title='Attempts')]
    owner_id: Annotated[int, Field(title='Owner Id')]
    created_at: Annotated[AwareDatetime, Field(title='Created At')]
    started_at: Annotated[AwareDatetime | None, Field(title='Started At')]
    finished_at: Annotated[AwareDatetime | None, Field(title='Finished At')]


class MatrixOut(BaseModel):
    layer: Annotated[int, Field(title='Layer')]
    state: Annotated[str, Field(title='State')]
    words: Annotated[list[str], Field(title='Words')]
    counts: Annotated[list[int], Field(title='Counts')]
    mean: Annotated[list[list[float]], Field(title='Mean')]


class MemberIn(BaseModel):
    model_config = ConfigDict(
        extra='forbid',
    )
    user: Annotated[
        str,
        Field(
            description="the user's name", max_length=100, min_length=1, title='User'
        ),
    ]
    role: Annotated[
        Literal['viewer', 'editor', 'owner'] | None,
        Field(
            description='viewer: reads; editor: also runs jobs on what is shared and shares into it; owner: all',
            title='Role',
        ),
    ] = 'viewer'


class MemberOut(BaseModel):
    user_id: Annotated[int, Field(title='User Id')]
    user: Annotated[str, Field(title='User')]
    role: Annotated[Literal['viewer', 'editor', 'owner'], Field(title='Role')]
    added_at: Annotated[AwareDatetime, Field(title='Added At')]


class MemberRole(BaseModel):
    model_config = ConfigDict(
        extra='forbid',
    )
    role: Annotated[
        Literal['viewer', 'editor', 'owner'],
        Field(
            description='viewer: reads; editor: also runs jobs on what is shared and shares into it; owner: all',
            title='Role',
        ),
    ]


class OutputValue(BaseModel):
    logit: Annotated[float, Field(title='Logit')]
    probability: Annotated[float, Field(title='Probability')]


class PageCorpusOut(BaseModel):
    items: Annotated[list[CorpusOut], Field(title='Items')]
    total: Annotated[int, Field(title='Total')]
    limit: Annotated[int, Field(title='Limit')]
    offset: Annotated[int, Field(title='Offset')]


class PageEventOut(BaseModel):
    items: Annotated[list[EventOut], Field(title='Items')]
    total: Annotated[int, Field(title='Total')]
    limit: Annotated[int, Field(title='Limit')]
    offset: Annotated[int, Field(title='Offset')]


class PageJobOut(BaseModel):
    items: Annotated[list[JobOut], Field(title='Items')]
    total: Annotated[int, Field(title='Total')]
    limit: Annotated[int, Field(title='Limit')]
    offset: Annotated[int, Field(title='Offset')]


class PasswordChange(BaseModel):
    model_config = ConfigDict(
        extra='forbid',
    )
    current: Annotated[
        str | None,
        Field(
            description='the password now (empty when there is none)',
            max_length=1000,
            title='Current',
        ),
    ] = ''
    new: Annotated[
        str,
        Field(
            description='10 to 1,000 characters',
            max_length=1000,
            min_length=10,
            title='New',
        ),
    ]


class PasswordChanged(BaseModel):
    sessions_ended: Annotated[
        int,
        Field(
            description='your other browser sessions, ended: they signed in with the old password',
            title='Sessions Ended',
        ),
    ]


class PatchControls(BaseModel):
    units: Annotated[
        list[list[int]],
        Field(
            description="each control's random units (as many as the units patched)",
            title='Units',
        ),
    ]
    delta_logit: Annotated[
        list[float],
        Field(
            description="each control's change of the output's logit",
            title='Delta Logit',
        ),
    ]
    delta_probability: Annotated[list[float], Field(title='Delta Probability')]
    mean: ControlStatistic
    std: Annotated[
        ControlStatistic, Field(description="the controls' standard deviation (ddof 1)")
    ]
    z: Annotated[
        ControlStatistic,
        Field(
            description='(delta - mean) / std; null with fewer than two controls or std 0'
        ),
    ]


class PatchOut(BaseModel):
    model_id: Annotated[int, Field(title='Model Id')]
    coclustering_id: Annotated[int | None, Field(title='Coclustering Id')]
    unit_cluster: Annotated[int | None, Field(title='Unit Cluster')]
    task: Annotated[str, Field(title='Task')]
    source_tokens: Annotated[list[str], Field(title='Source Tokens')]
    target_tokens: Annotated[list[str], Field(title='Target Tokens')]
    layer: Annotated[int, Field(title='Layer')]
    state: Annotated[str, Field(title='State')]
    units: Annotated[list[int], Field(title='Units')]
    steps: Annotated[
        list[int], Field(description="the target's steps patched", title='Steps')
    ]
    offset: Annotated[
        int,
        Field(
            description="target step t took the source's step t - offset (aligned from the end)",
            title='Offset',
        ),
    ]
    output: Annotated[int, Field(title='Output')]
    label: Annotated[
        str, Field(description="the output's token or class name", title='Label')
    ]
    output_chosen: Annotated[
        str,
        Field(
            description="'given', or how the default output was chosen",
            title='Output Chosen',
        ),
    ]
    before: Annotated[
        OutputValue,
        Field(description="the output after the target's last token, unpatched"),
    ]
    after: Annotated[OutputValue, Field(description='the same with the units patched')]
    delta_logit: Annotated[float, Field(title='Delta Logit')]
    delta_probability: Annotated[float, Field(title='Delta Probability')]
    controls: PatchControls


class Units2Item(RootModel[int]):
    root: Annotated[int, Field(ge=0, le=100000)]


class Units2(RootModel[list[Units2Item]]):
    root: Annotated[
        list[Units2Item],
        Field(
            description='these units of (layer, state); or coclustering_id + unit_cluster',
            max_length=5000,
            title='Units',
        ),
    ]


class Layer3(RootModel[int]):
    root: Annotated[
        int,
        Field(
            description="the layer, 0 the lowest; default the co-clustering's, or the top",
            ge=0,
            le=100,
            title='Layer',
        ),
    ]


class State2(RootModel[str]):
    root: Annotated[
        str,
        Field(
            description="h, or c of an LSTM; default the co-clustering's, or h",
            max_length=20,
            pattern='^(h|c|gate_i|gate_f|gate_o|gate_r|gate_z|y|norm|wkv)(@([1-9]|1[0-6]))?$',
            title='State',
        ),
    ]


class Step1(RootModel[int]):
    root: Annotated[int, Field(ge=0, le=2147483647)]


class Steps(RootModel[list[Step1]]):
    root: Annotated[
        list[Step1],
        Field(
            description="the target's steps patched (0-based token indices); default every step the source reaches, the two texts aligned from their ends",
            max_length=20000,
            title='Steps',
        ),
    ]


class Output1(RootModel[int]):
    root: Annotated[
        int,
        Field(
            description="the output read after the target's last token: a token id or the word itself (language model), a class index or its label (classifier); default the target's most likely before patching",
            ge=0,
            le=2147483647,
            title='Output',
        ),
    ]


class Output2(RootModel[str]):
    root: Annotated[
        str,
        Field(
            description="the output read after the target's last token: a token id or the word itself (language model), a class index or its label (classifier); default the target's most likely before patching",
            max_length=200,
            min_length=1,
            title='Output',
        ),
    ]


class PatchRequest(BaseModel):
    model_config = ConfigDict(
        extra='forbid',
    )
    source_text: Annotated[
        str,
        Field(
            description="the text whose units' values are patched in",
            min_length=1,
            title='Source Text',
        ),
    ]
    target_text: Annotated[
        str,
        Field(
            description='the text read, its chosen units patched',
            min_length=1,
            title='Target Text',
        ),
    ]
    units: Annotated[
        Units2 | None,
        Field(
            description='these units of (layer, state); or coclustering_id + unit_cluster',
            title='Units',
        ),
    ] = None
    coclustering_id: Annotated[
        CoclusteringId | None,
        Field(
            description='a co-clustering of this model: its chip unit_cluster, its layer and state',
            title='Coclustering Id',
        ),
    ] = None
    unit_cluster: Annotated[
        UnitCluster1 | None,
        Field(
            description='with coclustering_id: the memory chip', title='Unit Cluster'
        ),
    ] = None
    layer: Annotated[
        Layer3 | None,
        Field(
            description="the layer, 0 the lowest; default the co-clustering's, or the top",
            title='Layer',
        ),
    ] = None
    state: Annotated[
        State2 | None,
        Field(
            description="h, or c of an LSTM; default the co-clustering's, or h",
            title='State',
        ),
    ] = None
    steps: Annotated[
        Steps | None,
        Field(
            description="the target's steps patched (0-based token indices); default every step the source reaches, the two texts aligned from their ends",
            title='Steps',
        ),
    ] = None
    output: Annotated[
        Output1 | Output2 | None,
        Field(
            description="the output read after the target's last token: a token id or the word itself (language model), a class index or its label (classifier); default the target's most likely before patching",
            title='Output',
        ),
    ] = None
    controls: Annotated[
        int | None,
        Field(
            description='random unit sets of the same size, patched alike',
            ge=0,
            le=100,
            title='Controls',
        ),
    ] = 20
    seed: Annotated[
        int | None,
        Field(
            description='the random seed: the same seed, the same result',
            ge=0,
            le=4294967295,
            title='Seed',
        ),
    ] = 0


class PredictedShare(BaseModel):
    word: Annotated[str, Field(title='Word')]
    share: Annotated[
        float,
        Field(
            description='fraction of the held-out words after which it was the top guess',
            title='Share',
        ),
    ]


class ProjectCreate(BaseModel):
    model_config = ConfigDict(
        extra='forbid',
    )
    name: Annotated[
        str,
        Field(
            description='1 to 200 characters',
            max_length=200,
            min_length=1,
            title='Name',
        ),
    ]


class ProjectOut(BaseModel):
    id: Annotated[int, Field(title='Id')]
    name: Annotated[str, Field(title='Name')]
    role: Annotated[
        Literal['viewer', 'editor', 'owner'] | None,
        Field(
            description='your role in it (null: an administrator who is not a member)',
            title='Role',
        ),
    ]
    created_at: Annotated[AwareDatetime, Field(title='Created At')]


class ProjectRename(BaseModel):
    model_config = ConfigDict(
        extra='forbid',
    )
    name: Annotated[
        str,
        Field(
            description='1 to 200 characters',
            max_length=200,
            min_length=1,
            title='Name',
        ),
    ]


class ProjectResource(BaseModel):
    kind: Annotated[
        Literal[
            'model',
            'corpus',
            'recording',
            'coclustering',
            'scan',
            'ablation',
            'training',
        ],
        Field(title='Kind'),
    ]
    id: Annotated[int, Field(title='Id')]
    name: Annotated[str, Field(title='Name')]
    owner_id: Annotated[int, Field(title='Owner Id')]
    owner: Annotated[str, Field(title='Owner')]
    status: Annotated[
        str | None,
        Field(
            description="its job's status (null for a model or a corpus)",
            title='Status',
        ),
    ]
    created_at: Annotated[AwareDatetime, Field(title='Created At')]


class ProvenanceOut(BaseModel):
    kind: Annotated[
        Literal['model', 'recording', 'coclustering', 'timeline'], Field(title='Kind')
    ]
    id: Annotated[int, Field(title='Id')]
    model: FigureModel | None
    corpus: FigureCorpus | None
    recording_id: Annotated[int | None, Field(title='Recording Id')]
    coclustering_id: Annotated[int | None, Field(title='Coclustering Id')]
    timeline_id: Annotated[int | None, Field(title='Timeline Id')]
    layer: Annotated[int | None, Field(title='Layer')]
    state: Annotated[str | None, Field(title='State')]
    k: Annotated[
        int | None,
        Field(description="memory chips (the co-clustering's n_clusters)", title='K'),
    ]
    seed: Annotated[int | None, Field(title='Seed')]
    seeds: Annotated[int | None, Field(title='Seeds')]
    consensus: Annotated[bool | None, Field(title='Consensus')]
    word_selection: Annotated[
        str | None,
        Field(description='the words co-clustered, in words', title='Word Selection'),
    ]
    server_version: Annotated[str, Field(title='Server Version')]
    created_at: Annotated[
        str,
        Field(
            description='when the record was made (its analysis), ISO 8601, UTC',
            title='Created At',
        ),
    ]
    caption: Annotated[
        str,
        Field(
            description='one line built from the fields above, for under a figure',
            title='Caption',
        ),
    ]
    cite: Citation


class ReadingQualityOut(BaseModel):
    """
    How well the model reads the recorded corpus: its chips mean little when it predicts the next
    word no better than the corpus's word frequencies (services/recording/quality.py).
    """

    words: Annotated[
        int,
        Field(
            description="next words predicted: the corpus's first, within each sequence",
            title='Words',
        ),
    ]
    loss: Annotated[
        float,
        Field(
            description="the model's mean next-word cross-entropy, nats", title='Loss'
        ),
    ]
    perplexity: Annotated[float, Field(title='Perplexity')]
    unigram_loss: Annotated[
        float,
        Field(
            description="the same words under the corpus's own word frequencies",
            title='Unigram Loss',
        ),
    ]
    unigram_perplexity: Annotated[float, Field(title='Unigram Perplexity')]
    learned: Annotated[
        bool,
        Field(
            description="the model's loss is at least 2% below the unigram's",
            title='Learned',
        ),
    ]


class Layer4(RootModel[int]):
    root: Annotated[int, Field(ge=0, le=100)]


class Layers(RootModel[list[Layer4]]):
    root: Annotated[
        list[Layer4],
        Field(
            description='SPEC 11 models: the layers recorded; default all that hold a recurrent state',
            max_length=256,
            min_length=1,
            title='Layers',
        ),
    ]


class Lag(RootModel[int]):
    root: Annotated[int, Field(ge=0, le=16)]


class Lags(RootModel[list[Lag]]):
    root: Annotated[
        list[Lag],
        Field(
            description="SPEC 11 models: for lag k the responses Δs_{t+k} grouped by the token at t, each lag its own channel (y@1); a step past a sequence's end writes 0. Null: [0]",
            max_length=8,
            min_length=1,
            title='Lags',
        ),
    ]


class Shards(RootModel[int]):
    root: Annotated[
        int,
        Field(
            description='record in this many parts, each on whichever batch worker takes it, merged into the same statistics (SPEC 10); null: one per RNNVIS_SHARD_TOKENS tokens. Never more than the corpus has batching windows (4,096 sequences each)',
            ge=1,
            le=256,
            title='Shards',
        ),
    ]


class RecordingCreate(BaseModel):
    model_config = ConfigDict(
        extra='forbid',
    )
    model_id: Annotated[
        int, Field(description="a record's id", ge=1, le=2147483647, title='Model Id')
    ]
    corpus_id: Annotated[
        int, Field(description="a record's id", ge=1, le=2147483647, title='Corpus Id')
    ]
    sequence_mode: Annotated[
        Literal['lines', 'stream'] | None,
        Field(
            description='lines: each line a sequence from the zero state; stream: the lines joined and cut into segments of segment_length tokens',
            title='Sequence Mode',
        ),
    ] = 'lines'
    segment_length: Annotated[
        int | None,
        Field(
            description='stream mode: tokens per sequence',
            ge=1,
            le=100000,
            title='Segment Length',
        ),
    ] = 1000
    max_tokens: Annotated[
        MaxTokens | None,
        Field(
            description='read at most this many tokens of the corpus; default all',
            title='Max Tokens',
        ),
    ] = None
    top_words: Annotated[
        int | None,
        Field(
            description='the most frequent words whose responses keep quantiles (box plots)',
            ge=1,
            le=5000,
            title='Top Words',
        ),
    ] = 300
    gates: Annotated[
        bool | None,
        Field(
            description='also record gate activations (LSTM i, f, o; GRU r, z)',
            title='Gates',
        ),
    ] = False
    seed: Annotated[
        int | None,
        Field(
            description='the random seed: the same seed, the same result',
            ge=0,
            le=4294967295,
            title='Seed',
        ),
    ] = 0
    tokenizer: Annotated[
        Literal['whitespace', 'words', 'chars'] | None,
        Field(
            description="how text is cut into tokens; default the model's (a SPEC 11 model: its tokenizer.json)",
            title='Tokenizer',
        ),
    ] = None
    lowercase: Annotated[
        bool | None,
        Field(
            description="lowercase the text first; default the model's",
            title='Lowercase',
        ),
    ] = None
    layers: Annotated[
        Layers | None,
        Field(
            description='SPEC 11 models: the layers recorded; default all that hold a recurrent state',
            title='Layers',
        ),
    ] = None
    lags: Annotated[
        Lags | None,
        Field(
            description="SPEC 11 models: for lag k the responses Δs_{t+k} grouped by the token at t, each lag its own channel (y@1); a step past a sequence's end writes 0. Null: [0]",
            title='Lags',
        ),
    ] = None
    shards: Annotated[
        Shards | None,
        Field(
            description='record in this many parts, each on whichever batch worker takes it, merged into the same statistics (SPEC 10); null: one per RNNVIS_SHARD_TOKENS tokens. Never more than the corpus has batching windows (4,096 sequences each)',
            title='Shards',
        ),
    ] = None
    trace: Annotated[
        int | None,
        Field(
            description="also keep each state k = 0..trace steps after each of the top_words (SPEC 13: how long a word stays in memory, and each unit's half-life); 0: no trace",
            ge=0,
            le=32,
            title='Trace',
        ),
    ] = 0
    project_id: Annotated[
        ProjectId3 | None,
        Field(
            description='share it into this project (you must be at least its editor); null: private',
            title='Project Id',
        ),
    ] = None


class RecordingOut(BaseModel):
    id: Annotated[int, Field(title='Id')]
    status: Annotated[
        Literal['queued', 'running', 'succeeded', 'failed', 'cancelled'],
        Field(title='Status'),
    ]
    progress: Annotated[float, Field(title='Progress')]
    job_id: Annotated[int, Field(title='Job Id')]
    label: Annotated[
        str,
        Field(description='a readable name: its model on its corpus', title='Label'),
    ]
    model_id: Annotated[int, Field(title='Model Id')]
    corpus_id: Annotated[int, Field(title='Corpus Id')]
    options: Annotated[dict[str, Any], Field(title='Options')]
    layers: Annotated[list[int], Field(title='Layers')]
    states: Annotated[list[str], Field(title='States')]
    hidden_size: Annotated[int, Field(title='Hidden Size')]
    num_sequences: Annotated[int | None, Field(title='Num Sequences')]
    tokens: Annotated[int | None, Field(title='Tokens')]
    unk_tokens: Annotated[int | None, Field(title='Unk Tokens')]
    dropped_tokens: Annotated[int | None, Field(title='Dropped Tokens')]
    words: Annotated[int | None, Field(title='Words')]
    quantile_words: Annotated[int | None, Field(title='Quantile Words')]
    shards: Annotated[
        int | None,
        Field(
            description='the parts it is recorded in (1: whole); null until the words are counted',
            title='Shards',
        ),
    ]
    shards_done: Annotated[
        int, Field(description='parts recorded so far', title='Shards Done')
    ]
    quality: Annotated[
        ReadingQualityOut | None,
        Field(
            description="a language model's next-word loss on this corpus beside the corpus's word frequencies; null for a classifier, and until the words are counted"
        ),
    ]
    error: Annotated[str | None, Field(title='Error')]
    owner_id: Annotated[int, Field(title='Owner Id')]
    project_id: Annotated[
        int | None,
        Field(
            description='the project it is shared into; null: private to its owner',
            title='Project Id',
        ),
    ]
    created_at: Annotated[AwareDatetime, Field(title='Created At')]


class Layer5(RootModel[int]):
    root: Annotated[
        int,
        Field(
            description='the layer; default the top one', ge=0, le=100, title='Layer'
        ),
    ]


class Words1Item(RootModel[str]):
    root: Annotated[str, Field(max_length=200, min_length=1)]


class Words1(RootModel[list[Words1Item]]):
    root: Annotated[
        list[Words1Item],
        Field(
            description='word_selection list: the words', max_length=5000, title='Words'
        ),
    ]


class ScanCreate(BaseModel):
    model_config = ConfigDict(
        extra='forbid',
    )
    layer: Annotated[
        Layer5 | None,
        Field(description='the layer; default the top one', title='Layer'),
    ] = None
    state: Annotated[
        str | None,
        Field(
            description='the state: h, c (LSTM), a gate recorded with gates, or a SPEC 11 state (y, norm@1, ...)',
            max_length=20,
            pattern='^(h|c|gate_i|gate_f|gate_o|gate_r|gate_z|y|norm|wkv)(@([1-9]|1[0-6]))?$',
            title='State',
        ),
    ] = 'h'
    word_selection: Annotated[
        Literal['frequent', 'salient', 'list'] | None,
        Field(
            description='frequent: the top_words most frequent words seen min_count times; salient: among those, the top_words of largest mean |E[Δs|word]|; list: `words` (every one must occur)',
            title='Word Selection',
        ),
    ] = 'frequent'
    words: Annotated[
        Words1 | None,
        Field(description='word_selection list: the words', title='Words'),
    ] = None
    top_words: Annotated[
        int | None,
        Field(
            description='how many words: the most frequent (or salient) ones',
            ge=2,
            le=5000,
            title='Top Words',
        ),
    ] = 500
    min_count: Annotated[
        int | None,
        Field(
            description='words seen fewer times are left out',
            ge=1,
            le=2147483647,
            title='Min Count',
        ),
    ] = 5
    mode: Annotated[
        Literal['abs', 'positive', 'negative', 'raw'] | None,
        Field(
            description='what is co-clustered: abs |E[Δs|w]|, positive or negative its part of that sign, raw the signed value shifted to be non-negative',
            title='Mode',
        ),
    ] = 'abs'
    k_min: Annotated[
        int | None,
        Field(description='the smallest k tried', ge=2, le=100, title='K Min'),
    ] = 2
    k_max: Annotated[
        int | None,
        Field(description='the largest k tried', ge=2, le=100, title='K Max'),
    ] = 12
    seeds: Annotated[
        int | None,
        Field(
            description='co-clusterings per k (subsamples after the first)',
            ge=1,
            le=20,
            title='Seeds',
        ),
    ] = 5
    seed: Annotated[
        int | None,
        Field(
            description='the random seed: the same seed, the same result',
            ge=0,
            le=4294967295,
            title='Seed',
        ),
    ] = 0
    consensus: Annotated[
        bool | None,
        Field(
            description='per k, the stability is the agreement (adjusted Rand) of two consensus co-clusterings from disjoint seed sets rather than of single seeds (twice the runs)',
            title='Consensus',
        ),
    ] = False
    project_id: Annotated[
        ProjectId3 | None,
        Field(
            description='share it into this project (you must be at least its editor); null: private',
            title='Project Id',
        ),
    ] = None


class ScanResult(BaseModel):
    k: Annotated[int, Field(title='K')]
    modularity_mean: Annotated[float, Field(title='Modularity Mean')]
    modularity_std: Annotated[float, Field(title='Modularity Std')]
    stability_units: Annotated[float | None, Field(title='Stability Units')]
    stability_words: Annotated[float | None, Field(title='Stability Words')]


class ProjectId6(RootModel[int]):
    root: Annotated[
        int,
        Field(
            description='the project to share it into (at least its editor); null: unshare',
            ge=1,
            le=2147483647,
            title='Project Id',
        ),
    ]


class ShareChange(BaseModel):
    model_config = ConfigDict(
        extra='forbid',
    )
    project_id: Annotated[
        ProjectId6 | None,
        Field(
            description='the project to share it into (at least its editor); null: unshare',
            title='Project Id',
        ),
    ]


class ShareLinkCreate(BaseModel):
    model_config = ConfigDict(
        extra='forbid',
    )
    kind: Annotated[
        Literal[
            'model',
            'corpus',
            'recording',
            'coclustering',
            'scan',
            'ablation',
            'training',
        ],
        Field(
            description='what the link shows: a model, corpus, recording, coclustering, scan, ...',
            title='Kind',
        ),
    ]
    id: Annotated[
        int, Field(description="the resource's id", ge=1, le=2147483647, title='Id')
    ]
    expires_days: Annotated[
        int | None,
        Field(
            description='the link stops answering after this',
            ge=1,
            le=365,
            title='Expires Days',
        ),
    ] = 30


class ShareLinkMade(BaseModel):
    id: Annotated[int, Field(title='Id')]
    kind: Annotated[
        Literal[
            'model',
            'corpus',
            'recording',
            'coclustering',
            'scan',
            'ablation',
            'training',
        ],
        Field(title='Kind'),
    ]
    resource_id: Annotated[int, Field(title='Resource Id')]
    resource: Annotated[
        str,
        Field(
            description="the resource's name (empty once it is deleted)",
            title='Resource',
        ),
    ]
    created_at: Annotated[AwareDatetime, Field(title='Created At')]
    expires_at: Annotated[AwareDatetime, Field(title='Expires At')]
    expired: Annotated[bool, Field(title='Expired')]
    token: Annotated[
        str, Field(description='shown once; only its hash is kept', title='Token')
    ]
    url: Annotated[
        str,
        Field(
            description='the read-only view in the web client: /s/{token}', title='Url'
        ),
    ]
    embed_url: Annotated[
        str,
        Field(
            description='the view for an <iframe>: /embed/{token}', title='Embed Url'
        ),
    ]


class ShareLinkOut(BaseModel):
    id: Annotated[int, Field(title='Id')]
    kind: Annotated[
        Literal[
            'model',
            'corpus',
            'recording',
            'coclustering',
            'scan',
            'ablation',
            'training',
        ],
        Field(title='Kind'),
    ]
    resource_id: Annotated[int, Field(title='Resource Id')]
    resource: Annotated[
        str,
        Field(
            description="the resource's name (empty once it is deleted)",
            title='Resource',
        ),
    ]
    created_at: Annotated[AwareDatetime, Field(title='Created At')]
    expires_at: Annotated[AwareDatetime, Field(title='Expires At')]
    expired: Annotated[bool, Field(title='Expired')]


class SharedAblation(BaseModel):
    id: Annotated[int, Field(title='Id')]
    status: Annotated[
        Literal['queued', 'running', 'succeeded', 'failed', 'cancelled'],
        Field(title='Status'),
    ]
    progress: Annotated[float, Field(title='Progress')]
    job_id: Annotated[int, Field(title='Job Id')]
    coclustering_id: Annotated[int, Field(title='Coclustering Id')]
    corpus_id: Annotated[int, Field(title='Corpus Id')]
    unit_cluster: Annotated[int | None, Field(title='Unit Cluster')]
    units: Annotated[list[int], Field(title='Units')]
    layer: Annotated[int, Field(title='Layer')]
    method: Annotated[str, Field(title='Method')]
    controls: Annotated[int, Field(title='Controls')]
    seed: Annotated[int, Field(title='Seed')]
    max_tokens: Annotated[int | None, Field(title='Max Tokens')] = None
    error: Annotated[str | None, Field(title='Error')]
    loss: AblationLoss | None = None
    delta_loss: Annotated[
        list[float | None] | None,
        Field(description='per word cluster i: mean loss change', title='Delta Loss'),
    ] = None
    control_delta_loss_mean: Annotated[
        list[float | None] | None, Field(title='Control Delta Loss Mean')
    ] = None
    control_delta_loss_std: Annotated[
        list[float | None] | None, Field(title='Control Delta Loss Std')
    ] = None
    z: Annotated[
        list[float | None] | None,
        Field(description='(delta - control mean) / control std', title='Z'),
    ] = None
    cluster_counts: Annotated[
        list[int] | None,
        Field(
            description='steps (or sequences) behind each delta', title='Cluster Counts'
        ),
    ] = None
    most_hurt: Annotated[
        list[HurtWord] | None,
        Field(
            description='the words of the largest loss change, of those read at least most_hurt_min_count times',
            title='Most Hurt',
        ),
    ] = None
    most_hurt_min_count: Annotated[
        int | None,
        Field(
            description='how often a word was read (steps or sequences) before it may be listed in most_hurt',
            title='Most Hurt Min Count',
        ),
    ] = None
    control_units: Annotated[list[list[int]] | None, Field(title='Control Units')] = (
        None
    )
    tokens: Annotated[int | None, Field(title='Tokens')] = None
    sequences: Annotated[int | None, Field(title='Sequences')] = None
    accuracy: Annotated[
        dict[str, Any] | None,
        Field(description='classifiers: overall and per class', title='Accuracy'),
    ] = None
    owner_id: Annotated[int, Field(title='Owner Id')]
    project_id: Annotated[
        int | None,
        Field(
            description='the project it is shared into; null: private to its owner',
            title='Project Id',
        ),
    ]
    created_at: Annotated[AwareDatetime, Field(title='Created At')]
    kind: Annotated[Literal['ablation'], Field(title='Kind')]


class SharedCorpus(BaseModel):
    id: Annotated[int, Field(title='Id')]
    name: Annotated[str, Field(title='Name')]
    format: Annotated[str, Field(title='Format')]
    num_sequences: Annotated[int, Field(title='Num Sequences')]
    num_tokens: Annotated[int, Field(title='Num Tokens')]
    labels: Annotated[list[str] | None, Field(title='Labels')]
    files: Annotated[dict[str, Any], Field(title='Files')]
    owner_id: Annotated[int, Field(title='Owner Id')]
    project_id: Annotated[
        int | None,
        Field(
            description='the project it is shared into; null: private to its owner',
            title='Project Id',
        ),
    ]
    created_at: Annotated[AwareDatetime, Field(title='Created At')]
    kind: Annotated[Literal['corpus'], Field(title='Kind')]


class SharedRecording(BaseModel):
    id: Annotated[int, Field(title='Id')]
    status: Annotated[
        Literal['queued', 'running', 'succeeded', 'failed', 'cancelled'],
        Field(title='Status'),
    ]
    progress: Annotated[float, Field(title='Progress')]
    job_id: Annotated[int, Field(title='Job Id')]
    label: Annotated[
        str,
        Field(description='a readable name: its model on its corpus', title='Label'),
    ]
    model_id: Annotated[int, Field(title='Model Id')]
    corpus_id: Annotated[int, Field(title='Corpus Id')]
    options: Annotated[dict[str, Any], Field(title='Options')]
    layers: Annotated[list[int], Field(title='Layers')]
    states: Annotated[list[str], Field(title='States')]
    hidden_size: Annotated[int, Field(title='Hidden Size')]
    num_sequences: Annotated[int | None, Field(title='Num Sequences')]
    tokens: Annotated[int | None, Field(title='Tokens')]
    unk_tokens: Annotated[int | None, Field(title='Unk Tokens')]
    dropped_tokens: Annotated[int | None, Field(title='Dropped Tokens')]
    words: Annotated[int | None, Field(title='Words')]
    quantile_words: Annotated[int | None, Field(title='Quantile Words')]
    shards: Annotated[
        int | None,
        Field(
            description='the parts it is recorded in (1: whole); null until the words are counted',
            title='Shards',
        ),
    ]
    shards_done: Annotated[
        int, Field(description='parts recorded so far', title='Shards Done')
    ]
    quality: Annotated[
        ReadingQualityOut | None,
        Field(
            description="a language model's next-word loss on this corpus beside the corpus's word frequencies; null for a classifier, and until the words are counted"
        ),
    ]
    error: Annotated[str | None, Field(title='Error')]
    owner_id: Annotated[int, Field(title='Owner Id')]
    project_id: Annotated[
        int | None,
        Field(
            description='the project it is shared into; null: private to its owner',
            title='Project Id',
        ),
    ]
    created_at: Annotated[AwareDatetime, Field(title='Created At')]
    kind: Annotated[Literal['recording'], Field(title='Kind')]


class SharedScan(BaseModel):
    id: Annotated[int, Field(title='Id')]
    status: Annotated[
        Literal['queued', 'running', 'succeeded', 'failed', 'cancelled'],
        Field(title='Status'),
    ]
    progress: Annotated[float, Field(title='Progress')]
    job_id: Annotated[int, Field(title='Job Id')]
    recording_id: Annotated[int, Field(title='Recording Id')]
    layer: Annotated[int | None, Field(title='Layer')]
    state: Annotated[str, Field(title='State')]
    word_selection: Annotated[str, Field(title='Word Selection')]
    words_listed: Annotated[list[str] | None, Field(title='Words Listed')] = None
    top_words: Annotated[int, Field(title='Top Words')]
    min_count: Annotated[int, Field(title='Min Count')]
    mode: Annotated[str, Field(title='Mode')]
    k_min: Annotated[int, Field(title='K Min')]
    k_max: Annotated[int, Field(title='K Max')]
    seeds: Annotated[int, Field(title='Seeds')]
    seed: Annotated[int, Field(title='Seed')]
    consensus: Annotated[bool | None, Field(title='Consensus')] = False
    error: Annotated[str | None, Field(title='Error')]
    results: Annotated[list[ScanResult] | None, Field(title='Results')] = None
    suggested_k: Annotated[
        int | None,
        Field(
            description='the best mean modularity among the k whose stability is at least 0.8 of the best',
            title='Suggested K',
        ),
    ] = None
    words: Annotated[
        int | None, Field(description='how many words were co-clustered', title='Words')
    ] = None
    owner_id: Annotated[int, Field(title='Owner Id')]
    project_id: Annotated[
        int | None,
        Field(
            description='the project it is shared into; null: private to its owner',
            title='Project Id',
        ),
    ]
    created_at: Annotated[AwareDatetime, Field(title='Created At')]
    kind: Annotated[Literal['scan'], Field(title='Kind')]


class SignIn(BaseModel):
    model_config = ConfigDict(
        extra='forbid',
    )
    name: Annotated[
        str,
        Field(
            description="the user's name (compared case-folded)",
            max_length=100,
            min_length=1,
            title='Name',
        ),
    ]
    password: Annotated[
        str,
        Field(
            description='set by `rnnvis users password` or an admin',
            max_length=1000,
            min_length=1,
            title='Password',
        ),
    ]


class SignInOptions(BaseModel):
    password: Annotated[
        bool,
        Field(description='POST /session takes a name and password', title='Password'),
    ]
    sso_label: Annotated[
        str | None,
        Field(
            description="single sign-on's name for a button (RNNVIS_OIDC_LABEL); null: not configured",
            title='Sso Label',
        ),
    ]
    sso_url: Annotated[
        str | None,
        Field(
            description='where a browser goes to sign in with single sign-on',
            title='Sso Url',
        ),
    ]


class StateMeaning(BaseModel):
    name: Annotated[
        str,
        Field(
            description="the state's name in a recording's channels (layer/state, state@lag)",
            title='Name',
        ),
    ]
    meaning: Annotated[str, Field(title='Meaning')]


class TimelineChip(BaseModel):
    index: Annotated[
        int,
        Field(
            description="the chip's index in this checkpoint's co-clustering",
            title='Index',
        ),
    ]
    track: Annotated[
        int,
        Field(
            description='the chips it continues and those continuing it share a track',
            title='Track',
        ),
    ]
    size: Annotated[int, Field(description='its units', title='Size')]
    units: Annotated[list[int], Field(title='Units')]
    words: Annotated[int, Field(description='the words of its cloud', title='Words')]
    top_words: Annotated[
        list[str],
        Field(
            description="its cloud's strongest words (at most 20)", title='Top Words'
        ),
    ]


class Words2Item(RootModel[str]):
    root: Annotated[str, Field(max_length=200, min_length=1)]


class Words2(RootModel[list[Words2Item]]):
    root: Annotated[
        list[Words2Item],
        Field(
            description='word_selection list: the words', max_length=5000, title='Words'
        ),
    ]


class Checkpoint(RootModel[int]):
    root: Annotated[int, Field(description="a record's id", ge=1, le=2147483647)]


class Checkpoints(RootModel[list[Checkpoint]]):
    root: Annotated[
        list[Checkpoint],
        Field(
            description='the model ids of the series to follow (GET /models/{id}/checkpoints); default all',
            max_length=64,
            min_length=2,
            title='Checkpoints',
        ),
    ]


class TimelineCreate(BaseModel):
    model_config = ConfigDict(
        extra='forbid',
    )
    corpus_id: Annotated[
        int, Field(description="a record's id", ge=1, le=2147483647, title='Corpus Id')
    ]
    layer: Annotated[
        Layer5 | None,
        Field(description='the layer; default the top one', title='Layer'),
    ] = None
    state: Annotated[
        str | None,
        Field(
            description='the state: h, c (LSTM), a gate recorded with gates, or a SPEC 11 state (y, norm@1, ...)',
            max_length=20,
            pattern='^(h|c|gate_i|gate_f|gate_o|gate_r|gate_z|y|norm|wkv)(@([1-9]|1[0-6]))?$',
            title='State',
        ),
    ] = 'h'
    n_clusters: Annotated[
        int | None,
        Field(
            description='k: memory chips per checkpoint',
            ge=2,
            le=100,
            title='N Clusters',
        ),
    ] = 8
    word_selection: Annotated[
        Literal['frequent', 'salient', 'list'] | None,
        Field(
            description='frequent: the top_words most frequent words seen min_count times; salient: among those, the top_words of largest mean |E[Δs|word]|; list: `words` (every one must occur)',
            title='Word Selection',
        ),
    ] = 'frequent'
    words: Annotated[
        Words2 | None,
        Field(description='word_selection list: the words', title='Words'),
    ] = None
    top_words: Annotated[
        int | None,
        Field(
            description='how many words: the most frequent (or salient) ones',
            ge=2,
            le=5000,
            title='Top Words',
        ),
    ] = 500
    min_count: Annotated[
        int | None,
        Field(
            description='words seen fewer times are left out',
            ge=1,
            le=2147483647,
            title='Min Count',
        ),
    ] = 5
    mode: Annotated[
        Literal['abs', 'positive', 'negative', 'raw'] | None,
        Field(
            description='what is co-clustered: abs |E[Δs|w]|, positive or negative its part of that sign, raw the signed value shifted to be non-negative',
            title='Mode',
        ),
    ] = 'abs'
    seed: Annotated[
        int | None,
        Field(
            description='the random seed: the same seed, the same result',
            ge=0,
            le=4294967295,
            title='Seed',
        ),
    ] = 0
    seeds: Annotated[
        int | None,
        Field(
            description='co-clusterings per checkpoint (> 1: stability; with consensus: the vote)',
            ge=1,
            le=20,
            title='Seeds',
        ),
    ] = 1
    consensus: Annotated[
        bool | None,
        Field(
            description="with seeds >= 2: report the consensus of the seeds' subsampled runs (words and units grouped by how often the runs put them together) rather than one seed's labels; stability then also gives consensus_agreement with the consensus of the next seeds (SPEC 9)",
            title='Consensus',
        ),
    ] = False
    checkpoints: Annotated[
        Checkpoints | None,
        Field(
            description='the model ids of the series to follow (GET /models/{id}/checkpoints); default all',
            title='Checkpoints',
        ),
    ] = None
    max_tokens: Annotated[
        MaxTokens | None,
        Field(
            description='read at most this many tokens of the corpus; default all',
            title='Max Tokens',
        ),
    ] = None
    threshold: Annotated[
        float | None,
        Field(
            description="the share of a chip's units a link must carry to count in a birth, split, merge or dissolution",
            gt=0.0,
            le=1.0,
            title='Threshold',
        ),
    ] = 0.3


class TimelineEvent(BaseModel):
    checkpoint: Annotated[
        int, Field(description="the earlier checkpoint's position", title='Checkpoint')
    ]
    kind: Annotated[Literal['born', 'split', 'merge', 'dissolves'], Field(title='Kind')]
    sources: Annotated[list[int], Field(title='Sources')]
    targets: Annotated[list[int], Field(title='Targets')]
    text: Annotated[str, Field(title='Text')]


class TimelineLink(BaseModel):
    checkpoint: Annotated[
        int,
        Field(
            description="the earlier checkpoint's position; the link goes to the next one",
            title='Checkpoint',
        ),
    ]
    source: Annotated[
        int, Field(description='chip of the earlier checkpoint', title='Source')
    ]
    target: Annotated[
        int, Field(description='chip of the later checkpoint', title='Target')
    ]
    units: Annotated[
        int,
        Field(
            description='units of the target whose predecessor is in the source',
            title='Units',
        ),
    ]
    share_of_source: Annotated[float, Field(title='Share Of Source')]
    share_of_target: Annotated[float, Field(title='Share Of Target')]
    matched: Annotated[
        bool,
        Field(
            description='the one-to-one match on units (Hungarian): the target continues it',
            title='Matched',
        ),
    ]


class ExpiresDays(RootModel[int]):
    root: Annotated[
        int,
        Field(
            description="days until it expires (null: RNNVIS_TOKEN_DAYS). A token never outlives what made it: from a browser sign-in at most RNNVIS_SESSION_TOKEN_MAX_DAYS, from an API token at most that token's own expiry",
            ge=1,
            le=3650,
            title='Expires Days',
        ),
    ]


class TokenCreate(BaseModel):
    model_config = ConfigDict(
        extra='forbid',
    )
    name: Annotated[
        str,
        Field(
            description='what the token is for, to tell tokens apart',
            max_length=100,
            min_length=1,
            title='Name',
        ),
    ]
    expires_days: Annotated[
        ExpiresDays | None,
        Field(
            description="days until it expires (null: RNNVIS_TOKEN_DAYS). A token never outlives what made it: from a browser sign-in at most RNNVIS_SESSION_TOKEN_MAX_DAYS, from an API token at most that token's own expiry",
            title='Expires Days',
        ),
    ] = None


class TokenOut(BaseModel):
    id: Annotated[int, Field(title='Id')]
    name: Annotated[str, Field(title='Name')]
    kind: Annotated[
        Literal['api', 'session'],
        Field(description="an API token, or a browser's sign-in", title='Kind'),
    ]
    created_at: Annotated[AwareDatetime, Field(title='Created At')]
    expires_at: Annotated[AwareDatetime | None, Field(title='Expires At')]
    current: Annotated[
        bool | None,
        Field(
            description='the token or browser session this request carries: revoking it signs this caller out',
            title='Current',
        ),
    ] = False


class TraceOut(BaseModel):
    """
    SPEC 13: trace_k(w) = E[s_{t+k} | x_t = w] - E[s_{t+k}] over steps t with t + k in the same
    sequence, for k = 0..depth.
    """

    layer: Annotated[int, Field(title='Layer')]
    state: Annotated[str, Field(title='State')]
    depth: Annotated[
        int, Field(description="the recording's trace: k runs 0..depth", title='Depth')
    ]
    word: Annotated[str | None, Field(title='Word')]
    count: Annotated[
        list[int] | None,
        Field(
            description="[depth + 1]: the word's steps t with t + k in its sequence",
            title='Count',
        ),
    ]
    trace: Annotated[
        list[list[float | None]] | None,
        Field(
            description='[depth + 1][H]; null where the word is never followed by k more steps',
            title='Trace',
        ),
    ]
    half_life: Annotated[
        list[float | None],
        Field(
            description='[H]: per unit, the smallest k at which the mean |trace_k| over its 10 top words (largest |trace_0|) falls below half its value at k = 0; null: not within depth',
            title='Half Life',
        ),
    ]


class TracedWord(BaseModel):
    word: Annotated[str, Field(title='Word')]
    trace: Annotated[
        list[float | None],
        Field(
            description="[depth + 1]: this unit's trace_k of the word", title='Trace'
        ),
    ]


class Name(RootModel[str]):
    root: Annotated[
        str,
        Field(
            description="the model's name; default from the settings",
            max_length=200,
            title='Name',
        ),
    ]


class ProjectId7(RootModel[int]):
    root: Annotated[
        int,
        Field(
            description='share it into this project (you must be at least its editor); null: private',
            ge=1,
            le=2147483647,
            title='Project Id',
        ),
    ]


class TrainingCreate(BaseModel):
    model_config = ConfigDict(
        extra='forbid',
    )
    corpus_id: Annotated[
        int, Field(description="a record's id", ge=1, le=2147483647, title='Corpus Id')
    ]
    name: Annotated[
        Name | None,
        Field(description="the model's name; default from the settings", title='Name'),
    ] = None
    task: Annotated[
        Literal['language_model', 'classifier'] | None,
        Field(
            description="predict the next token, or a labeled corpus's label",
            title='Task',
        ),
    ] = 'language_model'
    cell: Annotated[
        Literal['lstm', 'gru', 'rnn_tanh', 'rnn_relu', 'mamba2', 'rwkv'] | None,
        Field(
            description='the recurrent cell; mamba2 and rwkv (SPEC 11) are language models read by their own tokenizer.json, with embedding_size equal to hidden_size',
            title='Cell',
        ),
    ] = 'lstm'
    num_layers: Annotated[
        int | None,
        Field(description='stacked recurrent layers', ge=1, le=4, title='Num Layers'),
    ] = 1
    hidden_size: Annotated[
        int | None,
        Field(description='units per layer', ge=1, le=2048, title='Hidden Size'),
    ] = 64
    embedding_size: Annotated[
        int | None,
        Field(
            description="the token embedding's size",
            ge=1,
            le=2048,
            title='Embedding Size',
        ),
    ] = 64
    epochs: Annotated[
        int | None,
        Field(
            description='passes over the training text', ge=1, le=100, title='Epochs'
        ),
    ] = 1
    learning_rate: Annotated[
        float | None,
        Field(
            description="Adam's learning rate", gt=0.0, le=10.0, title='Learning Rate'
        ),
    ] = 0.003
    batch_size: Annotated[
        int | None,
        Field(description='sequences per step', ge=1, le=4096, title='Batch Size'),
    ] = 32
    bptt: Annotated[
        int | None,
        Field(
            description='language models: steps of backpropagation through time',
            ge=1,
            le=1000,
            title='Bptt',
        ),
    ] = 35
    max_vocab: Annotated[
        int | None,
        Field(
            description='the most frequent tokens kept; others <unk>',
            ge=2,
            le=200000,
            title='Max Vocab',
        ),
    ] = 10000
    min_count: Annotated[
        int | None,
        Field(
            description='tokens seen fewer times become <unk>',
            ge=1,
            le=2147483647,
            title='Min Count',
        ),
    ] = 1
    tokenizer: Annotated[
        Literal['whitespace', 'words', 'chars'] | None,
        Field(description='how text is cut', title='Tokenizer'),
    ] = 'whitespace'
    lowercase: Annotated[
        bool | None, Field(description='lowercase the text first', title='Lowercase')
    ] = False
    labels: Annotated[
        list[str] | None,
        Field(
            description='classifiers: keep only these labels, in this order; default every label, sorted',
            title='Labels',
        ),
    ] = None
    validation_fraction: Annotated[
        float | None,
        Field(
            description='the share of sequences held out for validation',
            ge=0.0,
            le=0.9,
            title='Validation Fraction',
        ),
    ] = 0.1
    seed: Annotated[
        int | None,
        Field(
            description='the random seed: the same seed, the same result',
            ge=0,
            le=4294967295,
            title='Seed',
        ),
    ] = 0
    checkpoint_every: Annotated[
        int | None,
        Field(
            description='keep the weights every this many epochs or steps (checkpoint_by) as checkpoints of the model (issue 34: GET /models/{id}/checkpoints, timelines); 0: none',
            ge=0,
            le=2147483647,
            title='Checkpoint Every',
        ),
    ] = 0
    checkpoint_by: Annotated[
        Literal['epochs', 'steps'] | None,
        Field(
            description='what checkpoint_every counts: epochs, or optimizer steps',
            title='Checkpoint By',
        ),
    ] = 'epochs'
    project_id: Annotated[
        ProjectId7 | None,
        Field(
            description='share it into this project (you must be at least its editor); null: private',
            title='Project Id',
        ),
    ] = None


class TrainingMetrics(BaseModel):
    """
    A training's history (services/training/quality.py). Trainings from before histories were
    kept carry train_loss, validation_loss and validation_accuracy only.
    """

    task: Annotated[str | None, Field(title='Task')] = None
    train_loss: Annotated[
        list[float],
        Field(description='mean training loss of each epoch', title='Train Loss'),
    ]
    validation_loss: Annotated[float | None, Field(title='Validation Loss')] = None
    validation_accuracy: Annotated[float | None, Field(title='Validation Accuracy')] = (
        None
    )
    validation_perplexity: Annotated[
        float | None, Field(title='Validation Perplexity')
    ] = None
    balanced_accuracy: Annotated[float | None, Field(title='Balanced Accuracy')] = None
    steps: Annotated[
        list[int] | None,
        Field(
            description='the last step each step_loss point covers (at most 256)',
            title='Steps',
        ),
    ] = []
    step_loss: Annotated[
        list[float] | None,
        Field(
            description='training loss, mean over consecutive steps', title='Step Loss'
        ),
    ] = []
    epochs: Annotated[
        list[EpochMetrics] | None, Field(title='Epochs', validate_default=True)
    ] = []
    baseline: BaselineMetrics | None = None
    most_predicted: Annotated[
        PredictedShare | None,
        Field(
            description='language models: the commonest top guess on the held-out text'
        ),
    ] = None


class TrainingOut(BaseModel):
    id: Annotated[int, Field(title='Id')]
    status: Annotated[
        Literal['queued', 'running', 'succeeded', 'failed', 'cancelled'],
        Field(title='Status'),
    ]
    progress: Annotated[float, Field(title='Progress')]
    job_id: Annotated[int, Field(title='Job Id')]
    corpus_id: Annotated[int, Field(title='Corpus Id')]
    name: Annotated[str, Field(title='Name')]
    options: Annotated[dict[str, Any], Field(title='Options')]
    model_id: Annotated[int | None, Field(title='Model Id')]
    metrics: TrainingMetrics | None
    warning: Annotated[
        str | None,
        Field(
            description='set when the model did no better than its baseline',
            title='Warning',
        ),
    ]
    error: Annotated[str | None, Field(title='Error')]
    owner_id: Annotated[int, Field(title='Owner Id')]
    project_id: Annotated[
        int | None,
        Field(
            description='the project it is shared into; null: private to its owner',
            title='Project Id',
        ),
    ]
    created_at: Annotated[AwareDatetime, Field(title='Created At')]


class UnitMap(BaseModel):
    checkpoint: Annotated[
        int, Field(description="the earlier checkpoint's position", title='Checkpoint')
    ]
    predecessor: Annotated[
        list[int],
        Field(
            description='per unit of the later checkpoint, its unit in the earlier',
            title='Predecessor',
        ),
    ]
    correlation: Annotated[
        list[float],
        Field(
            description="each unit's correlation with its predecessor",
            title='Correlation',
        ),
    ]


class UnitPair(BaseModel):
    unit: Annotated[int, Field(title='Unit')]
    other_unit: Annotated[int, Field(title='Other Unit')]
    correlation: Annotated[float, Field(title='Correlation')]


class UnitTraceOut(BaseModel):
    unit: Annotated[int, Field(title='Unit')]
    layer: Annotated[int, Field(title='Layer')]
    state: Annotated[str, Field(title='State')]
    depth: Annotated[int, Field(title='Depth')]
    half_life: Annotated[
        float | None,
        Field(
            description='null: the unit holds its top words longer than depth steps',
            title='Half Life',
        ),
    ]
    mean: Annotated[
        list[float | None],
        Field(
            description='[depth + 1]: the mean |trace_k| over the top words',
            title='Mean',
        ),
    ]
    words: Annotated[
        list[TracedWord],
        Field(
            description="the unit's top words by |trace_0|, largest first",
            title='Words',
        ),
    ]


class UnitWord(BaseModel):
    word: Annotated[str, Field(title='Word')]
    count: Annotated[int, Field(title='Count')]
    mean: Annotated[float, Field(title='Mean')]
    score: Annotated[
        float,
        Field(
            description='what the words are ranked by: the mean, shrunk by the count when score=shrunk',
            title='Score',
        ),
    ]
    std: Annotated[float, Field(title='Std')]
    quantiles: Annotated[dict[str, float] | None, Field(title='Quantiles')]


class UnitWordsOut(BaseModel):
    unit: Annotated[int, Field(title='Unit')]
    layer: Annotated[int, Field(title='Layer')]
    state: Annotated[str, Field(title='State')]
    score: Annotated[Literal['shrunk', 'mean'], Field(title='Score')]
    prior_count: Annotated[
        int | None,
        Field(
            description="the shrinkage's prior count (score=shrunk), else null",
            title='Prior Count',
        ),
    ]
    positive: Annotated[list[UnitWord], Field(title='Positive')]
    negative: Annotated[list[UnitWord], Field(title='Negative')]


class Password(RootModel[str]):
    root: Annotated[
        str,
        Field(
            description='a new password',
            max_length=1000,
            min_length=10,
            title='Password',
        ),
    ]


class SsoSubject(RootModel[str]):
    root: Annotated[
        str,
        Field(
            description='link the account to this single sign-on subject (the provider\'s `sub` claim; "" unlinks)',
            max_length=255,
            title='Sso Subject',
        ),
    ]


class UserChange(BaseModel):
    model_config = ConfigDict(
        extra='forbid',
    )
    password: Annotated[
        Password | None, Field(description='a new password', title='Password')
    ] = None
    disabled: Annotated[
        bool | None,
        Field(
            description="refuse (true) or accept again (false) the user's tokens",
            title='Disabled',
        ),
    ] = None
    admin: Annotated[
        bool | None, Field(description='make or unmake an administrator', title='Admin')
    ] = None
    sso_subject: Annotated[
        SsoSubject | None,
        Field(
            description='link the account to this single sign-on subject (the provider\'s `sub` claim; "" unlinks)',
            title='Sso Subject',
        ),
    ] = None


class UserChanged(BaseModel):
    id: Annotated[int, Field(title='Id')]
    name: Annotated[str, Field(title='Name')]
    is_admin: Annotated[bool, Field(title='Is Admin')]
    created_at: Annotated[AwareDatetime, Field(title='Created At')]
    tokens: Annotated[
        int,
        Field(
            description='how many API tokens and browser sessions the user holds',
            title='Tokens',
        ),
    ]
    disabled: Annotated[
        bool | None,
        Field(
            description="a disabled user's tokens and sessions are refused",
            title='Disabled',
        ),
    ] = False
    has_password: Annotated[
        bool | None,
        Field(
            description='the user can sign in to the web client with a password',
            title='Has Password',
        ),
    ] = False
    sso_subject: Annotated[
        str | None,
        Field(
            description="the single sign-on subject (the provider's `sub`) linked to the account, if any",
            title='Sso Subject',
        ),
    ] = None
    sessions_ended: Annotated[
        int | None,
        Field(
            description='browser sessions this change ended: a password reset or a disable ends them all',
            title='Sessions Ended',
        ),
    ] = 0


class Password1(RootModel[str]):
    root: Annotated[
        str,
        Field(
            description='to sign in to the web client (null: tokens only)',
            max_length=1000,
            min_length=10,
            title='Password',
        ),
    ]


class UserCreate(BaseModel):
    model_config = ConfigDict(
        extra='forbid',
    )
    name: Annotated[
        str,
        Field(
            description="the user's name, unique",
            max_length=100,
            min_length=1,
            title='Name',
        ),
    ]
    admin: Annotated[
        bool | None,
        Field(
            description='an administrator sees and manages everything', title='Admin'
        ),
    ] = False
    password: Annotated[
        Password1 | None,
        Field(
            description='to sign in to the web client (null: tokens only)',
            title='Password',
        ),
    ] = None
    sso_subject: Annotated[
        SsoSubject | None,
        Field(
            description='link the account to this single sign-on subject (the provider\'s `sub` claim; "" unlinks)',
            title='Sso Subject',
        ),
    ] = None


class UserOut(BaseModel):
    id: Annotated[int, Field(title='Id')]
    name: Annotated[str, Field(title='Name')]
    is_admin: Annotated[bool, Field(title='Is Admin')]
    created_at: Annotated[AwareDatetime, Field(title='Created At')]
    tokens: Annotated[
        int,
        Field(
            description='how many API tokens and browser sessions the user holds',
            title='Tokens',
        ),
    ]
    disabled: Annotated[
        bool | None,
        Field(
            description="a disabled user's tokens and sessions are refused",
            title='Disabled',
        ),
    ] = False
    has_password: Annotated[
        bool | None,
        Field(
            description='the user can sign in to the web client with a password',
            title='Has Password',
        ),
    ] = False
    sso_subject: Annotated[
        str | None,
        Field(
            description="the single sign-on subject (the provider's `sub`) linked to the account, if any",
            title='Sso Subject',
        ),
    ] = None


class UserUsage(BaseModel):
    id: Annotated[int, Field(title='Id')]
    name: Annotated[str, Field(title='Name')]
    is_admin: Annotated[bool, Field(title='Is Admin')]
    created_at: Annotated[AwareDatetime, Field(title='Created At')]
    tokens: Annotated[
        int,
        Field(
            description='how many API tokens and browser sessions the user holds',
            title='Tokens',
        ),
    ]
    disabled: Annotated[
        bool | None,
        Field(
            description="a disabled user's tokens and sessions are refused",
            title='Disabled',
        ),
    ] = False
    has_password: Annotated[
        bool | None,
        Field(
            description='the user can sign in to the web client with a password',
            title='Has Password',
        ),
    ] = False
    sso_subject: Annotated[
        str | None,
        Field(
            description="the single sign-on subject (the provider's `sub`) linked to the account, if any",
            title='Sso Subject',
        ),
    ] = None
    stored_bytes: Annotated[
        int,
        Field(
            description="bytes of the user's models and corpora (what the quota counts)",
            title='Stored Bytes',
        ),
    ]
    quota_bytes: Annotated[
        int,
        Field(
            description='the stored-bytes quota (RNNVIS_MAX_STORED_BYTES)',
            title='Quota Bytes',
        ),
    ]
    active_jobs: Annotated[
        int, Field(description="the user's jobs queued or running", title='Active Jobs')
    ]
    jobs: Annotated[int, Field(description="all the user's jobs", title='Jobs')]


class VocabText(BaseModel):
    name: Annotated[
        str, Field(description='the file name it was uploaded with', title='Name')
    ]
    bytes: Annotated[int, Field(title='Bytes')]
    sha256: Annotated[str, Field(title='Sha256')]


class WordResponseOut(BaseModel):
    word: Annotated[str, Field(title='Word')]
    layer: Annotated[int, Field(title='Layer')]
    state: Annotated[str, Field(title='State')]
    count: Annotated[int, Field(title='Count')]
    mean: Annotated[list[float], Field(title='Mean')]
    std: Annotated[list[float], Field(title='Std')]
    quantiles: Annotated[
        dict[str, list[float]] | None,
        Field(
            description="'9', '25', '50', '75', '91' -> [H]; null for a word outside the recording's top_words",
            title='Quantiles',
        ),
    ]


class AblationOut(BaseModel):
    id: Annotated[int, Field(title='Id')]
    status: Annotated[
        Literal['queued', 'running', 'succeeded', 'failed', 'cancelled'],
        Field(title='Status'),
    ]
    progress: Annotated[float, Field(title='Progress')]
    job_id: Annotated[int, Field(title='Job Id')]
    coclustering_id: Annotated[int, Field(title='Coclustering Id')]
    corpus_id: Annotated[int, Field(title='Corpus Id')]
    unit_cluster: Annotated[int | None, Field(title='Unit Cluster')]
    units: Annotated[list[int], Field(title='Units')]
    layer: Annotated[int, Field(title='Layer')]
    method: Annotated[str, Field(title='Method')]
    controls: Annotated[int, Field(title='Controls')]
    seed: Annotated[int, Field(title='Seed')]
    max_tokens: Annotated[int | None, Field(title='Max Tokens')] = None
    error: Annotated[str | None, Field(title='Error')]
    loss: AblationLoss | None = None
    delta_loss: Annotated[
        list[float | None] | None,
        Field(description='per word cluster i: mean loss change', title='Delta Loss'),
    ] = None
    control_delta_loss_mean: Annotated[
        list[float | None] | None, Field(title='Control Delta Loss Mean')
    ] = None
    control_delta_loss_std: Annotated[
        list[float | None] | None, Field(title='Control Delta Loss Std')
    ] = None
    z: Annotated[
        list[float | None] | None,
        Field(description='(delta - control mean) / control std', title='Z'),
    ] = None
    cluster_counts: Annotated[
        list[int] | None,
        Field(
            description='steps (or sequences) behind each delta', title='Cluster Counts'
        ),
    ] = None
    most_hurt: Annotated[
        list[HurtWord] | None,
        Field(
            description='the words of the largest loss change, of those read at least most_hurt_min_count times',
            title='Most Hurt',
        ),
    ] = None
    most_hurt_min_count: Annotated[
        int | None,
        Field(
            description='how often a word was read (steps or sequences) before it may be listed in most_hurt',
            title='Most Hurt Min Count',
        ),
    ] = None
    control_units: Annotated[list[list[int]] | None, Field(title='Control Units')] = (
        None
    )
    tokens: Annotated[int | None, Field(title='Tokens')] = None
    sequences: Annotated[int | None, Field(title='Sequences')] = None
    accuracy: Annotated[
        dict[str, Any] | None,
        Field(description='classifiers: overall and per class', title='Accuracy'),
    ] = None
    owner_id: Annotated[int, Field(title='Owner Id')]
    project_id: Annotated[
        int | None,
        Field(
            description='the project it is shared into; null: private to its owner',
            title='Project Id',
        ),
    ]
    created_at: Annotated[AwareDatetime, Field(title='Created At')]


class AlignmentOut(BaseModel):
    id: Annotated[int, Field(title='Id')]
    recording_id: Annotated[int, Field(title='Recording Id')]
    other_id: Annotated[int, Field(title='Other Id')]
    layer: Annotated[int, Field(title='Layer')]
    state: Annotated[str, Field(title='State')]
    other_layer: Annotated[int, Field(title='Other Layer')]
    other_state: Annotated[str, Field(title='Other State')]
    top_words: Annotated[int, Field(title='Top Words')]
    pairs: Annotated[list[UnitPair], Field(title='Pairs')]
    shared_words: Annotated[list[str], Field(title='Shared Words')]


class CoclusteringEdits(BaseModel):
    model_config = ConfigDict(
        extra='forbid',
    )
    moves: Annotated[
        list[EditMove] | None,
        Field(
            description='words or units moved, in order',
            max_length=5000,
            title='Moves',
            validate_default=True,
        ),
    ] = []
    merge: Annotated[
        Merge | None, Field(description='[i, j]: j joins i', title='Merge')
    ] = None
    split: Annotated[
        EditSplit | None,
        Field(description='one cluster co-clustered again into k parts'),
    ] = None


class CoclusteringStability(BaseModel):
    units: Annotated[
        float,
        Field(
            description='mean pairwise adjusted Rand index of the unit labels across seeds',
            title='Units',
        ),
    ]
    words: Annotated[
        float, Field(description='the same for the word labels', title='Words')
    ]
    consensus_agreement: Annotated[
        ConsensusAgreement | None,
        Field(
            description='consensus co-clusterings: the agreement with a consensus of the next seeds'
        ),
    ] = None
    stable: Annotated[
        bool,
        Field(
            description='the two average at least 0.5: the chips do not change from seed to seed',
            title='Stable',
        ),
    ]


class CreatedToken(BaseModel):
    token: TokenOut
    secret: Annotated[
        str,
        Field(
            description='the token itself: shown once; only its hash is stored',
            title='Secret',
        ),
    ]


class CreatedUser(BaseModel):
    user: UserOut
    token: Annotated[
        str, Field(description='shown once; only its hash is stored', title='Token')
    ]


class ModelArchitecture(BaseModel):
    """
    A SPEC 11 model (a transformers folder): what its units and states are.
    """

    model_type: Annotated[
        str,
        Field(
            description="config.json's model_type: mamba, mamba2, rwkv, xlstm, recurrent_gemma",
            title='Model Type',
        ),
    ]
    title: Annotated[str, Field(title='Title')]
    reference: Annotated[
        str,
        Field(
            description='the transformers class whose forward the recorded numbers equal',
            title='Reference',
        ),
    ]
    unit: Annotated[str, Field(description='what one unit of a layer is', title='Unit')]
    states: Annotated[
        list[StateMeaning],
        Field(
            description='the states recorded per layer, in channel order',
            title='States',
        ),
    ]
    recorded_layers: Annotated[
        list[int],
        Field(
            description='the layers that hold a recurrent state',
            title='Recorded Layers',
        ),
    ]
    stateless_layers: Annotated[
        list[int],
        Field(
            description='layers without a recurrent state (attention): not recorded',
            title='Stateless Layers',
        ),
    ]
    end_of_sequence: Annotated[
        str | None,
        Field(
            description='the token appended to every line in lines mode, if any',
            title='End Of Sequence',
        ),
    ]


class ModelTraining(BaseModel):
    id: Annotated[int, Field(title='Id')]
    corpus_id: Annotated[int, Field(title='Corpus Id')]
    metrics: TrainingMetrics | None
    warning: Annotated[
        str | None,
        Field(
            description='set when the model did no better than its baseline',
            title='Warning',
        ),
    ]


class PageAblationOut(BaseModel):
    items: Annotated[list[AblationOut], Field(title='Items')]
    total: Annotated[int, Field(title='Total')]
    limit: Annotated[int, Field(title='Limit')]
    offset: Annotated[int, Field(title='Offset')]


class PageProjectOut(BaseModel):
    items: Annotated[list[ProjectOut], Field(title='Items')]
    total: Annotated[int, Field(title='Total')]
    limit: Annotated[int, Field(title='Limit')]
    offset: Annotated[int, Field(title='Offset')]


class PageRecordingOut(BaseModel):
    items: Annotated[list[RecordingOut], Field(title='Items')]
    total: Annotated[int, Field(title='Total')]
    limit: Annotated[int, Field(title='Limit')]
    offset: Annotated[int, Field(title='Offset')]


class PageTrainingOut(BaseModel):
    items: Annotated[list[TrainingOut], Field(title='Items')]
    total: Annotated[int, Field(title='Total')]
    limit: Annotated[int, Field(title='Limit')]
    offset: Annotated[int, Field(title='Offset')]


class ProjectDetail(BaseModel):
    id: Annotated[int, Field(title='Id')]
    name: Annotated[str, Field(title='Name')]
    role: Annotated[
        Literal['viewer', 'editor', 'owner'] | None,
        Field(
            description='your role in it (null: an administrator who is not a member)',
            title='Role',
        ),
    ]
    created_at: Annotated[AwareDatetime, Field(title='Created At')]
    members: Annotated[list[MemberOut], Field(title='Members')]
    resources: Annotated[
        list[ProjectResource],
        Field(
            description='what is shared into it, by kind, oldest first',
            title='Resources',
        ),
    ]


class ScanOut(BaseModel):
    id: Annotated[int, Field(title='Id')]
    status: Annotated[
        Literal['queued', 'running', 'succeeded', 'failed', 'cancelled'],
        Field(title='Status'),
    ]
    progress: Annotated[float, Field(title='Progress')]
    job_id: Annotated[int, Field(title='Job Id')]
    recording_id: Annotated[int, Field(title='Recording Id')]
    layer: Annotated[int | None, Field(title='Layer')]
    state: Annotated[str, Field(title='State')]
    word_selection: Annotated[str, Field(title='Word Selection')]
    words_listed: Annotated[list[str] | None, Field(title='Words Listed')] = None
    top_words: Annotated[int, Field(title='Top Words')]
    min_count: Annotated[int, Field(title='Min Count')]
    mode: Annotated[str, Field(title='Mode')]
    k_min: Annotated[int, Field(title='K Min')]
    k_max: Annotated[int, Field(title='K Max')]
    seeds: Annotated[int, Field(title='Seeds')]
    seed: Annotated[int, Field(title='Seed')]
    consensus: Annotated[bool | None, Field(title='Consensus')] = False
    error: Annotated[str | None, Field(title='Error')]
    results: Annotated[list[ScanResult] | None, Field(title='Results')] = None
    suggested_k: Annotated[
        int | None,
        Field(
            description='the best mean modularity among the k whose stability is at least 0.8 of the best',
            title='Suggested K',
        ),
    ] = None
    words: Annotated[
        int | None, Field(description='how many words were co-clustered', title='Words')
    ] = None
    owner_id: Annotated[int, Field(title='Owner Id')]
    project_id: Annotated[
        int | None,
        Field(
            description='the project it is shared into; null: private to its owner',
            title='Project Id',
        ),
    ]
    created_at: Annotated[AwareDatetime, Field(title='Created At')]


class SharedCoclustering(BaseModel):
    id: Annotated[int, Field(title='Id')]
    status: Annotated[
        Literal['queued', 'running', 'succeeded', 'failed', 'cancelled'],
        Field(title='Status'),
    ]
    progress: Annotated[float, Field(title='Progress')]
    job_id: Annotated[int, Field(title='Job Id')]
    recording_id: Annotated[int, Field(title='Recording Id')]
    label: Annotated[
        str,
        Field(
            description="a readable name: its recording's and its settings",
            title='Label',
        ),
    ]
    layer: Annotated[int, Field(title='Layer')]
    state: Annotated[str, Field(title='State')]
    n_clusters: Annotated[int, Field(title='N Clusters')]
    top_words: Annotated[int, Field(title='Top Words')]
    min_count: Annotated[int, Field(title='Min Count')]
    mode: Annotated[str, Field(title='Mode')]
    seed: Annotated[int, Field(title='Seed')]
    error: Annotated[str | None, Field(title='Error')]
    unit_labels: Annotated[list[int] | None, Field(title='Unit Labels')] = None
    words: Annotated[list[str] | None, Field(title='Words')] = None
    word_labels: Annotated[list[int] | None, Field(title='Word Labels')] = None
    unit_clusters: Annotated[list[list[int]] | None, Field(title='Unit Clusters')] = (
        None
    )
    word_clusters: Annotated[list[list[int]] | None, Field(title='Word Clusters')] = (
        None
    )
    edges: Annotated[
        list[list[float]] | None,
        Field(
            description='[k][k]: edges[i][j] = mean signed response over word cluster (cloud) i x unit cluster (memory chip) j (SPEC 4)',
            title='Edges',
        ),
    ] = None
    word_strength: Annotated[list[float] | None, Field(title='Word Strength')] = None
    unit_strength: Annotated[
        list[float] | None,
        Field(
            description="mean signed response of each unit over its own cloud's words",
            title='Unit Strength',
        ),
    ] = None
    word_counts: Annotated[
        list[int] | None,
        Field(
            description='how often each word was seen in the recording',
            title='Word Counts',
        ),
    ] = None
    word_selection: Annotated[str | None, Field(title='Word Selection')] = 'frequent'
    words_listed: Annotated[
        list[str] | None,
        Field(
            description='word_selection list: the words asked for', title='Words Listed'
        ),
    ] = None
    seeds: Annotated[int | None, Field(title='Seeds')] = 1
    consensus: Annotated[bool | None, Field(title='Consensus')] = False
    quality: CoclusteringQuality | None = None
    unit_confidence: Annotated[
        list[float] | None,
        Field(
            description='seeds > 1: share of seeds agreeing', title='Unit Confidence'
        ),
    ] = None
    word_confidence: Annotated[list[float] | None, Field(title='Word Confidence')] = (
        None
    )
    stability: CoclusteringStability | None = None
    parent_id: Annotated[
        int | None,
        Field(
            description='an edited co-clustering: the one it was made from',
            title='Parent Id',
        ),
    ] = None
    edits: CoclusteringEdits | None = None
    dropped: Annotated[dict[str, list[Any]] | None, Field(title='Dropped')] = None
    owner_id: Annotated[int, Field(title='Owner Id')]
    project_id: Annotated[
        int | None,
        Field(
            description='the project it is shared into; null: private to its owner',
            title='Project Id',
        ),
    ]
    created_at: Annotated[AwareDatetime, Field(title='Created At')]
    kind: Annotated[Literal['coclustering'], Field(title='Kind')]


class SharedTraining(BaseModel):
    id: Annotated[int, Field(title='Id')]
    status: Annotated[
        Literal['queued', 'running', 'succeeded', 'failed', 'cancelled'],
        Field(title='Status'),
    ]
    progress: Annotated[float, Field(title='Progress')]
    job_id: Annotated[int, Field(title='Job Id')]
    corpus_id: Annotated[int, Field(title='Corpus Id')]
    name: Annotated[str, Field(title='Name')]
    options: Annotated[dict[str, Any], Field(title='Options')]
    model_id: Annotated[int | None, Field(title='Model Id')]
    metrics: TrainingMetrics | None
    warning: Annotated[
        str | None,
        Field(
            description='set when the model did no better than its baseline',
            title='Warning',
        ),
    ]
    error: Annotated[str | None, Field(title='Error')]
    owner_id: Annotated[int, Field(title='Owner Id')]
    project_id: Annotated[
        int | None,
        Field(
            description='the project it is shared into; null: private to its owner',
            title='Project Id',
        ),
    ]
    created_at: Annotated[AwareDatetime, Field(title='Created At')]
    kind: Annotated[Literal['training'], Field(title='Kind')]


class SignedIn(BaseModel):
    user: UserOut
    csrf_token: Annotated[
        str,
        Field(
            description='send it in X-CSRF-Token with every request that changes something (the session cookie alone is refused there)',
            title='Csrf Token',
        ),
    ]


class TimelineCheckpoint(BaseModel):
    model_id: Annotated[int, Field(title='Model Id')]
    name: Annotated[str, Field(title='Name')]
    step: Annotated[int | None, Field(title='Step')]
    recording_id: Annotated[int, Field(title='Recording Id')]
    reused: Annotated[
        bool,
        Field(description='the recording existed before this timeline', title='Reused'),
    ]
    loss: Annotated[
        float | None,
        Field(
            description="a language model's next-word cross-entropy (nats) on the corpus's first words, as the recording measured it; null for a classifier",
            title='Loss',
        ),
    ]
    perplexity: Annotated[float | None, Field(title='Perplexity')]
    accuracy: Annotated[
        float | None,
        Field(
            description="a classifier's accuracy on the corpus's first 2,000 labeled sequences (its label at each sequence's last word); null for a language model",
            title='Accuracy',
        ),
    ] = None
    majority_accuracy: Annotated[
        float | None,
        Field(
            description='beside it: always answering the commonest label among those sequences',
            title='Majority Accuracy',
        ),
    ] = None
    quality: Annotated[
        dict[str, Any],
        Field(description="the co-clustering's quality (SPEC 9)", title='Quality'),
    ]
    stability: Annotated[
        dict[str, Any] | None,
        Field(description='with seeds > 1 (SPEC 9)', title='Stability'),
    ]
    words: Annotated[int, Field(description='words co-clustered', title='Words')]
    chips: Annotated[list[TimelineChip], Field(title='Chips')]


class TimelineOut(BaseModel):
    id: Annotated[int, Field(title='Id')]
    status: Annotated[
        Literal['queued', 'running', 'succeeded', 'failed', 'cancelled'],
        Field(title='Status'),
    ]
    progress: Annotated[float, Field(title='Progress')]
    job_id: Annotated[int, Field(title='Job Id')]
    model_id: Annotated[int, Field(title='Model Id')]
    corpus_id: Annotated[int, Field(title='Corpus Id')]
    layer: Annotated[int | None, Field(title='Layer')]
    state: Annotated[str, Field(title='State')]
    n_clusters: Annotated[int, Field(title='N Clusters')]
    word_selection: Annotated[str, Field(title='Word Selection')]
    words_listed: Annotated[list[str] | None, Field(title='Words Listed')] = None
    top_words: Annotated[int, Field(title='Top Words')]
    min_count: Annotated[int, Field(title='Min Count')]
    mode: Annotated[str, Field(title='Mode')]
    seed: Annotated[int, Field(title='Seed')]
    seeds: Annotated[int, Field(title='Seeds')]
    consensus: Annotated[bool, Field(title='Consensus')]
    max_tokens: Annotated[int | None, Field(title='Max Tokens')]
    threshold: Annotated[float, Field(title='Threshold')]
    checkpoint_ids: Annotated[
        list[int],
        Field(
            description="the series' model ids followed, in step order",
            title='Checkpoint Ids',
        ),
    ]
    error: Annotated[str | None, Field(title='Error')]
    checkpoints: Annotated[
        list[TimelineCheckpoint] | None, Field(title='Checkpoints')
    ] = None
    links: Annotated[list[TimelineLink] | None, Field(title='Links')] = None
    events: Annotated[list[TimelineEvent] | None, Field(title='Events')] = None
    unit_maps: Annotated[list[UnitMap] | None, Field(title='Unit Maps')] = None
    word_paths: Annotated[
        dict[str, list[int | None]] | None,
        Field(
            description="per word (the last checkpoint's, most frequent first): its chip at each checkpoint",
            title='Word Paths',
        ),
    ] = None
    owner_id: Annotated[int, Field(title='Owner Id')]
    project_id: Annotated[
        int | None,
        Field(
            description='the project it is shared into; null: private to its owner',
            title='Project Id',
        ),
    ]
    created_at: Annotated[AwareDatetime, Field(title='Created At')]


class VocabSource(BaseModel):
    """
    Where a model's vocabulary came from (SPEC 1).
    """

    kind: Annotated[
        Literal[
            'vocab.txt',
            'vocab.json',
            'training text',
            'training corpus',
            'tokenizer.json',
        ],
        Field(title='Kind'),
    ]
    order: Annotated[
        Literal['first_appearance'] | None,
        Field(
            description='training text: ids in order of first appearance, <eos> after each line',
            title='Order',
        ),
    ] = None
    texts: Annotated[
        list[VocabText] | None,
        Field(
            description='training text: the files read, in order',
            title='Texts',
            validate_default=True,
        ),
    ] = []
    corpus_id: Annotated[
        int | None,
        Field(
            description='training corpus: the corpus the server trained on',
            title='Corpus Id',
        ),
    ] = None


class CoclusteringOut(BaseModel):
    id: Annotated[int, Field(title='Id')]
    status: Annotated[
        Literal['queued', 'running', 'succeeded', 'failed', 'cancelled'],
        Field(title='Status'),
    ]
    progress: Annotated[float, Field(title='Progress')]
    job_id: Annotated[int, Field(title='Job Id')]
    recording_id: Annotated[int, Field(title='Recording Id')]
    label: Annotated[
        str,
        Field(
            description="a readable name: its recording's and its settings",
            title='Label',
        ),
    ]
    layer: Annotated[int, Field(title='Layer')]
    state: Annotated[str, Field(title='State')]
    n_clusters: Annotated[int, Field(title='N Clusters')]
    top_words: Annotated[int, Field(title='Top Words')]
    min_count: Annotated[int, Field(title='Min Count')]
    mode: Annotated[str, Field(title='Mode')]
    seed: Annotated[int, Field(title='Seed')]
    error: Annotated[str | None, Field(title='Error')]
    unit_labels: Annotated[list[int] | None, Field(title='Unit Labels')] = None
    words: Annotated[list[str] | None, Field(title='Words')] = None
    word_labels: Annotated[list[int] | None, Field(title='Word Labels')] = None
    unit_clusters: Annotated[list[list[int]] | None, Field(title='Unit Clusters')] = (
        None
    )
    word_clusters: Annotated[list[list[int]] | None, Field(title='Word Clusters')] = (
        None
    )
    edges: Annotated[
        list[list[float]] | None,
        Field(
            description='[k][k]: edges[i][j] = mean signed response over word cluster (cloud) i x unit cluster (memory chip) j (SPEC 4)',
            title='Edges',
        ),
    ] = None
    word_strength: Annotated[list[float] | None, Field(title='Word Strength')] = None
    unit_strength: Annotated[
        list[float] | None,
        Field(
            description="mean signed response of each unit over its own cloud's words",
            title='Unit Strength',
        ),
    ] = None
    word_counts: Annotated[
        list[int] | None,
        Field(
            description='how often each word was seen in the recording',
            title='Word Counts',
        ),
    ] = None
    word_selection: Annotated[str | None, Field(title='Word Selection')] = 'frequent'
    words_listed: Annotated[
        list[str] | None,
        Field(
            description='word_selection list: the words asked for', title='Words Listed'
        ),
    ] = None
    seeds: Annotated[int | None, Field(title='Seeds')] = 1
    consensus: Annotated[bool | None, Field(title='Consensus')] = False
    quality: CoclusteringQuality | None = None
    unit_confidence: Annotated[
        list[float] | None,
        Field(
            description='seeds > 1: share of seeds agreeing', title='Unit Confidence'
        ),
    ] = None
    word_confidence: Annotated[list[float] | None, Field(title='Word Confidence')] = (
        None
    )
    stability: CoclusteringStability | None = None
    parent_id: Annotated[
        int | None,
        Field(
            description='an edited co-clustering: the one it was made from',
            title='Parent Id',
        ),
    ] = None
    edits: CoclusteringEdits | None = None
    dropped: Annotated[dict[str, list[Any]] | None, Field(title='Dropped')] = None
    owner_id: Annotated[int, Field(title='Owner Id')]
    project_id: Annotated[
        int | None,
        Field(
            description='the project it is shared into; null: private to its owner',
            title='Project Id',
        ),
    ]
    created_at: Annotated[AwareDatetime, Field(title='Created At')]


class ModelOut(BaseModel):
    id: Annotated[int, Field(title='Id')]
    name: Annotated[str, Field(title='Name')]
    cell: Annotated[str, Field(title='Cell')]
    num_layers: Annotated[int, Field(title='Num Layers')]
    hidden_size: Annotated[int, Field(title='Hidden Size')]
    embedding_size: Annotated[int, Field(title='Embedding Size')]
    vocab_size: Annotated[int, Field(title='Vocab Size')]
    task: Annotated[str, Field(title='Task')]
    num_classes: Annotated[int | None, Field(title='Num Classes')]
    tokenizer: Annotated[str, Field(title='Tokenizer')]
    lowercase: Annotated[bool, Field(title='Lowercase')]
    labels: Annotated[list[str] | None, Field(title='Labels')]
    files: Annotated[dict[str, Any], Field(title='Files')]
    weights_form: Annotated[
        str | None,
        Field(
            description="how the weights file held the weights, e.g. 'module pickle of model.RNNModel' (null: not recorded, an upload before this was kept)",
            title='Weights Form',
        ),
    ]
    vocab_source: VocabSource
    training: Annotated[
        ModelTraining | None, Field(description='the training that made it, if one did')
    ]
    architecture: Annotated[
        ModelArchitecture | None,
        Field(
            description='models uploaded as a transformers folder (SPEC 11); null for the RNNs of SPEC 1'
        ),
    ] = None
    states: Annotated[
        list[str],
        Field(
            description="the states every recording of it keeps (h; c for an LSTM; a SPEC 11 model's own)",
            title='States',
        ),
    ]
    checkpoint_of: Annotated[
        int | None,
        Field(
            description='the model whose series of checkpoints this one belongs to (issue 34); null: a model',
            title='Checkpoint Of',
        ),
    ] = None
    step: Annotated[
        int | None,
        Field(description="a checkpoint's training step (or epoch)", title='Step'),
    ] = None
    owner_id: Annotated[int, Field(title='Owner Id')]
    project_id: Annotated[
        int | None,
        Field(
            description='the project it is shared into; null: private to its owner',
            title='Project Id',
        ),
    ]
    created_at: Annotated[AwareDatetime, Field(title='Created At')]


class PageCoclusteringOut(BaseModel):
    items: Annotated[list[CoclusteringOut], Field(title='Items')]
    total: Annotated[int, Field(title='Total')]
    limit: Annotated[int, Field(title='Limit')]
    offset: Annotated[int, Field(title='Offset')]


class PageModelOut(BaseModel):
    items: Annotated[list[ModelOut], Field(title='Items')]
    total: Annotated[int, Field(title='Total')]
    limit: Annotated[int, Field(title='Limit')]
    offset: Annotated[int, Field(title='Offset')]


class PageScanOut(BaseModel):
    items: Annotated[list[ScanOut], Field(title='Items')]
    total: Annotated[int, Field(title='Total')]
    limit: Annotated[int, Field(title='Limit')]
    offset: Annotated[int, Field(title='Offset')]


class PageTimelineOut(BaseModel):
    items: Annotated[list[TimelineOut], Field(title='Items')]
    total: Annotated[int, Field(title='Total')]
    limit: Annotated[int, Field(title='Limit')]
    offset: Annotated[int, Field(title='Offset')]


class SharedModel(BaseModel):
    id: Annotated[int, Field(title='Id')]
    name: Annotated[str, Field(title='Name')]
    cell: Annotated[str, Field(title='Cell')]
    num_layers: Annotated[int, Field(title='Num Layers')]
    hidden_size: Annotated[int, Field(title='Hidden Size')]
    embedding_size: Annotated[int, Field(title='Embedding Size')]
    vocab_size: Annotated[int, Field(title='Vocab Size')]
    task: Annotated[str, Field(title='Task')]
    num_classes: Annotated[int | None, Field(title='Num Classes')]
    tokenizer: Annotated[str, Field(title='Tokenizer')]
    lowercase: Annotated[bool, Field(title='Lowercase')]
    labels: Annotated[list[str] | None, Field(title='Labels')]
    files: Annotated[dict[str, Any], Field(title='Files')]
    weights_form: Annotated[
        str | None,
        Field(
            description="how the weights file held the weights, e.g. 'module pickle of model.RNNModel' (null: not recorded, an upload before this was kept)",
            title='Weights Form',
        ),
    ]
    vocab_source: VocabSource
    training: Annotated[
        ModelTraining | None, Field(description='the training that made it, if one did')
    ]
    architecture: Annotated[
        ModelArchitecture | None,
        Field(
            description='models uploaded as a transformers folder (SPEC 11); null for the RNNs of SPEC 1'
        ),
    ] = None
    states: Annotated[
        list[str],
        Field(
            description="the states every recording of it keeps (h; c for an LSTM; a SPEC 11 model's own)",
            title='States',
        ),
    ]
    checkpoint_of: Annotated[
        int | None,
        Field(
            description='the model whose series of checkpoints this one belongs to (issue 34); null: a model',
            title='Checkpoint Of',
        ),
    ] = None
    step: Annotated[
        int | None,
        Field(description="a checkpoint's training step (or epoch)", title='Step'),
    ] = None
    owner_id: Annotated[int, Field(title='Owner Id')]
    project_id: Annotated[
        int | None,
        Field(
            description='the project it is shared into; null: private to its owner',
            title='Project Id',
        ),
    ]
    created_at: Annotated[AwareDatetime, Field(title='Created At')]
    kind: Annotated[Literal['model'], Field(title='Kind')]
