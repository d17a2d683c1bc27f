using TfInit.Analysis;
using TfInit.Keras.Probes;

namespace TfInit.Keras.Studies;

/// <summary>What one sample graph produced.</summary>
/// <param name="Spec">The graph.</param>
/// <param name="Input">Statistics of the input batch.</param>
/// <param name="Layers">The activation output of each layer, <see cref="ActivationStatistics.Index"/> counting from 1.</param>
/// <param name="Gradients">The backward statistics of each layer, in the order of <paramref name="Layers"/> (index counting from 1).</param>
/// <param name="Loss">Loss = sum(H_L * G) / rows, the loss the gradients are of.</param>
/// <param name="Diagnosis">The verdict on the run and why (<see cref="VerdictRules"/>).</param>
/// <param name="Seconds">Wall time of the run.</param>
public sealed record StudyResult(
    StudySpec Spec, Statistics Input, IReadOnlyList<ActivationStatistics> Layers, IReadOnlyList<BackwardStatistics> Gradients,
    double Loss, Diagnosis Diagnosis, double Seconds);
