using TfInit.Keras.Callbacks;
using TfInit.Keras.Initialization;

namespace TfInit.Experiments.Training;

/// <summary>What one training run produced.</summary>
/// <param name="Spec">The run.</param>
/// <param name="History">The per-epoch logs (validation = the test set).</param>
/// <param name="TestAccuracy">Accuracy on the test set after the last epoch.</param>
/// <param name="Lsuv">Per-layer LSUV results when the run used LSUV, else empty.</param>
public sealed record TrainingResult(TrainingSpec Spec, History History, double TestAccuracy, IReadOnlyList<LsuvLayerResult> Lsuv);
