

namespace TfInit.Keras.Callbacks;

/// <summary>Keras's <c>History</c>: the per-epoch logs of one <c>Fit</c> call.</summary>
public sealed class History
{
    private readonly List<EpochLog> _epochs = [];

    /// <summary>The epochs, in order.</summary>
    public IReadOnlyList<EpochLog> Epochs => _epochs;

    internal void Add(EpochLog log) => _epochs.Add(log);
}
