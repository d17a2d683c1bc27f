

namespace TfInit.Keras.Callbacks;

/// <summary>Keras-style hooks into <c>Fit</c>; override what you need.</summary>
public abstract class Callback
{
    /// <summary>Called before an epoch's first batch.</summary>
    /// <param name="epoch">1-based epoch number.</param>
    /// <param name="epochs">Total epochs.</param>
    /// <param name="steps">Batches in the epoch.</param>
    public virtual void OnEpochBegin(int epoch, int epochs, int steps)
    {
    }

    /// <summary>Called after each batch with the running means over the epoch so far.</summary>
    /// <param name="step">1-based batch number.</param>
    /// <param name="steps">Batches in the epoch.</param>
    /// <param name="loss">Mean loss so far.</param>
    /// <param name="accuracy">Accuracy so far, or null.</param>
    public virtual void OnBatchEnd(int step, int steps, double loss, double? accuracy)
    {
    }

    /// <summary>Called after an epoch, validation included.</summary>
    /// <param name="log">The epoch's results.</param>
    public virtual void OnEpochEnd(EpochLog log)
    {
    }
}
