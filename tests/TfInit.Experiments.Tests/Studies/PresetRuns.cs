using TfInit.Experiments.Studies;
using TfInit.Keras.Studies;

namespace TfInit.Experiments.Tests.Studies;

/// <summary>Runs the default suite once (Philox stream, seed 1) for all the reference tests.</summary>
public sealed class PresetRuns
{
    public PresetRuns()
    {
        Cs231n = StudyPresets.Get("cs231n").Select(s => Study.Run(s)).ToList();
        Blog = StudyPresets.Get("blog").Select(s => Study.Run(s)).ToList();
    }

    /// <summary>tanh 0.01, tanh 1.0, tanh Xavier, ReLU Xavier, ReLU He.</summary>
    public IReadOnlyList<StudyResult> Cs231n { get; }

    /// <summary>The same five on the blog's net, then 0.01 + BN + ReLU.</summary>
    public IReadOnlyList<StudyResult> Blog { get; }
}
