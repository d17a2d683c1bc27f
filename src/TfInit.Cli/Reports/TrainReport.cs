using System.Globalization;
using System.Net;
using System.Text;
using ScottPlot;
using TfInit.Experiments.Training;
using TfInit.Keras.Callbacks;

namespace TfInit.Cli.Reports;

/// <summary>
/// The <c>tfinit train --out DIR</c> report: <c>index.md</c>, <c>index.html</c> and two learning-curve PNGs
/// (validation accuracy and training loss per epoch, one line per initializer).
/// </summary>
internal static class TrainReport
{
    private const string Title = "TfInit train: initializers compared on real data";

    /// <summary>Writes the report into <paramref name="directory"/>, which must exist; the caller makes it atomic.</summary>
    public static void Write(string directory, IReadOnlyList<TrainingResult> results)
    {
        Curves(Path.Combine(directory, "accuracy.png"), results, "test accuracy", e => e.ValAccuracy ?? double.NaN);
        Curves(Path.Combine(directory, "loss.png"), results, "training loss", e => e.Loss);
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# {Title}").AppendLine();
        md.AppendLine("| initializer | test accuracy | seconds |").AppendLine("|---|---:|---:|");
        foreach (var r in results)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Spec.Label} | {r.TestAccuracy:0.0000} | {r.History.Epochs.Sum(e => e.Seconds):0.0} |");
        }

        md.AppendLine().AppendLine("![test accuracy per epoch](accuracy.png)").AppendLine().AppendLine("![training loss per epoch](loss.png)");
        File.WriteAllText(Path.Combine(directory, "index.md"), md.ToString());

        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>{Title}</title></head>\n<body>\n<h1>{Title}</h1>\n");
        html.Append("<table border=\"1\" cellpadding=\"4\"><tr><th>initializer</th><th>test accuracy</th><th>seconds</th></tr>\n");
        foreach (var r in results)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{WebUtility.HtmlEncode(r.Spec.Label)}</td><td>{r.TestAccuracy:0.0000}</td><td>{r.History.Epochs.Sum(e => e.Seconds):0.0}</td></tr>\n");
        }

        html.Append("</table>\n<img src=\"accuracy.png\" alt=\"test accuracy per epoch\">\n<img src=\"loss.png\" alt=\"training loss per epoch\">\n</body>\n</html>\n");
        File.WriteAllText(Path.Combine(directory, "index.html"), html.ToString());
    }

    private static void Curves(string path, IReadOnlyList<TrainingResult> results, string label, Func<EpochLog, double> value)
    {
        var plot = new Plot();
        foreach (var r in results)
        {
            double[] xs = r.History.Epochs.Select(e => (double)e.Epoch).ToArray();
            double[] ys = r.History.Epochs.Select(value).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = r.Spec.Label;
        }

        plot.Title($"{label} per epoch");
        plot.XLabel("epoch");
        plot.YLabel(label);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 900, 500);
    }
}
