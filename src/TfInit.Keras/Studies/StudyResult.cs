using TfInit.Analysis;
using TfInit.Keras.Probes;

namespace TfInit.Keras.Studies;

/// <summary>What one sample graph produced.</summary>
/// <param name="Spec">The graph.</param>
/// <param name="Input">Statistics of the input batch.</param>
/// <param name="Layers">The activation output of each layer, <see cref="ActivationStatistics.Index"/> counting from 1.</param>
/// <param name="Seconds">Wall time of the run.</param>
public sealed record StudyResult(StudySpec Spec, Statistics Input, IReadOnlyList<ActivationStatistics> Layers, double Seconds);
