

namespace TfInit.Keras.Callbacks;

/// <summary>What one epoch of <c>Fit</c> measured, as Keras's <c>History.history</c> holds it.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Loss">Mean training loss over the epoch's samples.</param>
/// <param name="Accuracy">Training accuracy over the epoch's samples (null without the accuracy metric).</param>
/// <param name="ValLoss">Validation loss, or null without validation data.</param>
/// <param name="ValAccuracy">Validation accuracy, or null.</param>
/// <param name="Seconds">Wall time of the epoch, validation included.</param>
public sealed record EpochLog(int Epoch, double Loss, double? Accuracy, double? ValLoss, double? ValAccuracy, double Seconds);
