using System.Globalization;
using System.Text.RegularExpressions;
using SGD = TfInit.Keras.Optimizers.SGD;
using TfInit.Keras.Callbacks;
using TfInit.Keras.Losses;
using TfInit.Keras.Tests.Training;

namespace TfInit.Keras.Tests.Callbacks;

public sealed class ProgressBarTests
{
    private static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);

    [Fact]
    public void RedirectedOutputIsOneKerasLikeLinePerEpoch()
    {
        var (x, y) = Synthetic.Clusters(20, seed: 60);
        var (xv, yv) = Synthetic.Clusters(9, seed: 61);
        var model = Synthetic.Mlp();
        model.Compile(new SGD(0.05), new SparseCategoricalCrossentropy(true), ["accuracy"]);
        var output = new StringWriter();
        var history = model.Fit(x, y, epochs: 2, batchSize: 8, validationData: (xv, yv), callbacks: [new ProgressBar(output, interactive: false)]);

        string text = output.ToString();
        Assert.DoesNotContain("\r", text);
        string[] lines = text.Split(Environment.NewLine);
        Assert.Equal(3, lines.Length); // two lines, each ended by a newline
        Assert.Equal("", lines[2]);
        for (int e = 0; e < 2; e++)
        {
            var log = history.Epochs[e];
            var match = Regex.Match(lines[e], @"^Epoch (\d)/2 - (\d+\.\d)s - loss: (\d\.\d{4}) - accuracy: (\d\.\d{4}) - val_loss: (\d\.\d{4}) - val_accuracy: (\d\.\d{4})$");
            Assert.True(match.Success, $"line {e + 1}: '{lines[e]}'");
            Assert.Equal($"{e + 1}", match.Groups[1].Value);
            Assert.Equal(F(log.Loss), match.Groups[3].Value);
            Assert.Equal(F(log.Accuracy!.Value), match.Groups[4].Value);
            Assert.Equal(F(log.ValLoss!.Value), match.Groups[5].Value);
            Assert.Equal(F(log.ValAccuracy!.Value), match.Groups[6].Value);
        }
    }

    [Fact]
    public void LineFormatIsInvariantAndOmitsMissingMetrics()
    {
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE"); // a decimal comma must not leak in
            var output = new StringWriter { NewLine = "\n" };
            var bar = new ProgressBar(output, interactive: false);
            bar.OnEpochBegin(3, 10, 5);
            for (int s = 1; s <= 5; s++)
            {
                bar.OnBatchEnd(s, 5, 0.5, 0.8);
            }

            bar.OnEpochEnd(new EpochLog(3, 0.123456, 0.87654, 0.5, 0.75, 12.34));
            bar.OnEpochBegin(4, 10, 5);
            bar.OnEpochEnd(new EpochLog(4, 1.5, null, null, null, 0.04));
            Assert.Equal(
                "Epoch 3/10 - 12.3s - loss: 0.1235 - accuracy: 0.8765 - val_loss: 0.5000 - val_accuracy: 0.7500\n" +
                "Epoch 4/10 - 0.0s - loss: 1.5000\n",
                output.ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void TerminalOutputRedrawsABarWithCarriageReturns()
    {
        var output = new StringWriter { NewLine = "\n" };
        var bar = new ProgressBar(output, interactive: true);
        bar.OnEpochBegin(1, 2, 5);
        for (int s = 1; s <= 5; s++)
        {
            bar.OnBatchEnd(s, 5, 1.0 / s, 0.2 * s); // batches 2-4 usually come within 100 ms of the first and are skipped (not asserted)
        }

        bar.OnEpochEnd(new EpochLog(1, 0.25, 0.5, null, null, 1.0));
        string text = output.ToString();

        // The first batch is drawn (6 of 30 cells), the last is always drawn (full bar), then the final line replaces it.
        string first = "\rEpoch 1/2     1/5 [======>.......................] - loss: 1.0000 - accuracy: 0.2000";
        string last = "\rEpoch 1/2     5/5 [==============================] - loss: 0.2000 - accuracy: 1.0000";
        string final = "\r" + "Epoch 1/2 - 1.0s - loss: 0.2500 - accuracy: 0.5000".PadRight(100) + "\n";
        Assert.StartsWith(first, text);
        Assert.Contains(last, text);
        Assert.EndsWith(final, text);
        Assert.Single(text.Split('\n'), l => l.Length > 0); // one newline, at the very end: everything else is redrawn in place
        Assert.True(text.Count(c => c == '\r') >= 3);
    }
}
