using System.Globalization;

namespace TfInit.Keras.Callbacks;

/// <summary>
/// Keras's progress display: on a terminal a bar rewritten in place as batches finish; when output is
/// redirected, one line per epoch (<c>Epoch 1/2 - 12.3s - loss: 0.5100 - accuracy: 0.8200 - val_loss: ... - val_accuracy: ...</c>).
/// </summary>
/// <param name="output">Where to write (e.g. <see cref="Console.Error"/>).</param>
/// <param name="interactive">True for a terminal: redraw a bar in place.</param>
public sealed class ProgressBar(TextWriter output, bool interactive) : Callback
{
    private int _epoch;
    private int _epochs;
    private DateTime _lastDraw;

    /// <inheritdoc />
    public override void OnEpochBegin(int epoch, int epochs, int steps)
    {
        _epoch = epoch;
        _epochs = epochs;
        _lastDraw = DateTime.MinValue;
    }

    /// <inheritdoc />
    public override void OnBatchEnd(int step, int steps, double loss, double? accuracy)
    {
        // Redrawing costs a console write; ten times a second is smooth enough.
        if (!interactive || (step < steps && (DateTime.UtcNow - _lastDraw).TotalMilliseconds < 100))
        {
            return;
        }

        _lastDraw = DateTime.UtcNow;
        int filled = (int)(30L * step / steps);
        string bar = new string('=', filled) + (filled < 30 ? ">" + new string('.', 29 - filled) : "");
        output.Write(string.Create(CultureInfo.InvariantCulture,
            $"\rEpoch {_epoch}/{_epochs} {step,5}/{steps} [{bar}] - loss: {loss:0.0000}{Metric("accuracy", accuracy)}"));
    }

    /// <inheritdoc />
    public override void OnEpochEnd(EpochLog log)
    {
        string line = string.Create(CultureInfo.InvariantCulture,
            $"Epoch {log.Epoch}/{_epochs} - {log.Seconds:0.0}s - loss: {log.Loss:0.0000}{Metric("accuracy", log.Accuracy)}{Metric("val_loss", log.ValLoss)}{Metric("val_accuracy", log.ValAccuracy)}");
        output.WriteLine(interactive ? "\r" + line.PadRight(100) : line);
    }

    private static string Metric(string name, double? value) =>
        value is { } v ? string.Create(CultureInfo.InvariantCulture, $" - {name}: {v:0.0000}") : "";
}
