using System.Globalization;
using System.Net;
using System.Text;
using ScottPlot;
using TfInit.Analysis;
using TfInit.Initializers;
using TfInit.Keras.Probes;
using TfInit.Keras.Studies;
using TfInit.Serialization;

namespace TfInit.Cli.Reports;

/// <summary>
/// The <c>tfinit study --out DIR</c> report: <c>index.md</c>, <c>index.html</c> and one PNG per run with a row of
/// per-layer activation histograms (the tutorial's figure, as in CS231n lecture 6).
/// </summary>
internal static class StudyReport
{
    private const string Title = "TfInit study: activations and gradients at initialization";

    private const string Intro =
        "Each run pushes a batch of standard-normal inputs through a stack of Dense layers and records every layer's " +
        "activations at initialization, before any training. A good initializer keeps the std about the same from " +
        "layer to layer. If it shrinks, activations (and so gradients) vanish in the deep layers; if tanh or sigmoid " +
        "units saturate, their gradients vanish too; a large zero fraction after ReLU means dead units. " +
        "The backward pass starts from Loss = sum(H_L * G) / N with G standard normal (drawn after the kernels): " +
        "grad std is the std of dLoss/dH at each layer's output, w-grad std and w-grad norm those of dLoss/dW. " +
        "A parameter gradient need not vanish with the signal: with 0.01 * randn and tanh, grad std falls by about " +
        "1e-6 from layer 10 to layer 1 while w-grad std stays flat (small inputs times a large back-propagated signal). " +
        "The histograms show each layer's distribution left to right.";

    /// <summary>The summary charts at the top of the report, over all runs.</summary>
    internal const string ActivationChart = "summary-activation-std.png";

    /// <summary>The gradient summary chart.</summary>
    internal const string GradientChart = "summary-grad-std.png";

    // About 160 px per subplot keeps the three-line titles and tick labels readable: the tutorial's 10 layers make
    // 1600 x 300, and deeper nets get a wider image rather than squeezed subplots.
    private const int PixelsPerLayer = 160;
    private const int MinimumWidth = 1600;
    private const int Height = 300;

    // The grid has this many rows: the run's title takes the top one, the histograms the rest.
    private const int GridRows = 8;

    // On Debian 12, ScottPlot's default (and "sans") font resolves to DejaVu Serif; DejaVu Sans reads better in small
    // subplots. Where it is not installed ScottPlot falls back to its default (checked with a made-up name).
    private const string Font = "DejaVu Sans";

    private static readonly string[] TableColumns = ["layer", "units", "mean", "std", "saturated", "zero", "grad std", "w-grad std", "w-grad norm"];

    private static readonly string[] VerdictColumns = ["run", "activation", "initializer", "batch norm", "verdict", "why"];

    /// <summary>Writes the report into <paramref name="directory"/>, which must exist; the caller makes it atomic.</summary>
    public static void Write(string directory, IReadOnlyList<StudyResult> results)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(results);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The report folder '{directory}' does not exist.");
        }

        var pngs = new List<string>(results.Count);
        for (int i = 0; i < results.Count; i++)
        {
            // The number keeps names unique when two runs differ only in what the slug leaves out (seed, dtype, ...).
            string png = $"run-{i + 1:00}-{Slug(results[i].Spec)}.png";
            WritePng(Path.Combine(directory, png), results[i]);
            pngs.Add(png);
        }

        SummaryPng(Path.Combine(directory, ActivationChart), results, "Activation std per layer", "std of the layer's output",
            r => r.Layers.Select(l => l.Std));
        SummaryPng(Path.Combine(directory, GradientChart), results, "Gradient std per layer (dLoss/dH)", "grad std",
            r => r.Gradients.Select(g => g.GradStd));
        File.WriteAllText(Path.Combine(directory, "index.md"), Markdown(results, pngs));
        File.WriteAllText(Path.Combine(directory, "index.html"), Html(results, pngs));
    }

    /// <summary>A short name for the initializer: its class and config without the seed, e.g. <c>RandomNormal(mean=0, stddev=0.01)</c>.</summary>
    internal static string InitializerLabel(Initializer initializer)
    {
        // The seed is left out: it says nothing about the scale, and the study draws from its own seeded stream anyway.
        // So are Keras 3.15's input_axes / output_axes when null, their default.
        var config = initializer.GetConfig()
            .Where(kv => kv.Key != "seed" && !(kv.Value is null && kv.Key is "input_axes" or "output_axes"))
            .Select(kv => $"{kv.Key}={FormatConfig(kv.Value)}");
        string arguments = string.Join(", ", config);
        return arguments.Length == 0 ? initializer.ClassName : $"{initializer.ClassName}({arguments})";
    }

    /// <summary>
    /// Means and stds: four decimals down to 0.01, then scientific notation, so every value keeps three significant
    /// digits (deep tanh layers reach 1e-7, where four decimals would print only zeros).
    /// </summary>
    internal static string FormatNumber(double value) =>
        !double.IsFinite(value) ? (double.IsNaN(value) ? "NaN (overflow)" : "∞ (overflow)")
        : value == 0 || Math.Abs(value) >= 0.01
            ? value.ToString("0.0000", CultureInfo.InvariantCulture)
            : value.ToString("0.00e+00", CultureInfo.InvariantCulture);

    /// <summary>Saturated and zero fractions, as percentages.</summary>
    internal static string FormatFraction(double fraction) =>
        (100 * fraction).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string FormatConfig(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        int[] list => "[" + string.Join(", ", list) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static string Heading(StudySpec spec) =>
        $"{spec.Activation} · {InitializerLabel(spec.Initializer)} · {(spec.BatchNorm ? "batch norm" : "no batch norm")}";

    private static string Details(StudyResult result)
    {
        var spec = result.Spec;
        return string.Create(CultureInfo.InvariantCulture,
            $"Input {spec.InputRows} × {spec.InputFeatures}, {spec.Widths.Count} layers, " +
            $"{(spec.Bias ? "with" : "no")} bias, {(spec.Float64 ? "float64" : "float32")}, " +
            $"seed {spec.Seed} ({(spec.NumPyStream ? "numpy" : "philox")} stream), {result.Seconds:0.00} s. " +
            $"Verdict: {result.Diagnosis.Name} ({result.Diagnosis.Reason}).");
    }

    // The table's rows, input first: layer, units, mean, std, saturated, zero.
    private static IEnumerable<string[]> Rows(StudyResult result)
    {
        yield return
        [
            "input", result.Spec.InputFeatures.ToString(CultureInfo.InvariantCulture),
            FormatNumber(result.Input.Mean), FormatNumber(result.Input.Std), "–", "–", "–", "–", "–",
        ];
        for (int i = 0; i < result.Layers.Count; i++)
        {
            var layer = result.Layers[i];
            yield return
            [
                LayerName(i), layer.Units.ToString(CultureInfo.InvariantCulture),
                FormatNumber(layer.Mean), FormatNumber(layer.Std),
                FormatFraction(layer.SaturatedFraction), FormatFraction(layer.ZeroFraction),
                FormatNumber(result.Gradients[i].GradStd), FormatNumber(result.Gradients[i].WeightGradStd),
                FormatNumber(result.Gradients[i].WeightGradNorm),
            ];
        }
    }

    // Layers are named by their position in the list, as the tutorial counts them: a layer's own Index is the
    // probe's position in the model, which also counts the BatchNormalization and Activation layers.
    private static string LayerName(int position) => $"Layer {position + 1}";

    private static string Markdown(IReadOnlyList<StudyResult> results, IReadOnlyList<string> pngs)
    {
        var md = new StringBuilder();
        md.Append("# ").Append(Title).Append("\n\n").Append(Intro).Append("\n\n");
        md.Append("## Summary\n\n");
        md.Append("| ").AppendJoin(" | ", VerdictColumns).Append(" |\n");
        md.Append('|').AppendJoin('|', VerdictColumns.Select(_ => "---")).Append("|\n");
        foreach (var row in VerdictRows(results))
        {
            md.Append("| ").AppendJoin(" | ", row).Append(" |\n");
        }

        md.Append("\nRules, tried in order: ").AppendJoin("; ", VerdictRules.Rules).Append(".\n\n");
        md.Append($"![Activation std per layer, all runs]({ActivationChart})\n\n");
        md.Append($"![Gradient std per layer, all runs]({GradientChart})\n\n");
        for (int i = 0; i < results.Count; i++)
        {
            var result = results[i];
            md.Append($"## Run {i + 1}: {Heading(result.Spec)}\n\n");
            md.Append(Details(result)).Append(" Initializer: `").Append(KerasJson.Serialize(result.Spec.Initializer)).Append("`\n\n");
            md.Append("| ").AppendJoin(" | ", TableColumns).Append(" |\n");
            md.Append('|').AppendJoin('|', TableColumns.Select((_, c) => c == 0 ? "---" : "---:")).Append("|\n");
            foreach (var row in Rows(result))
            {
                md.Append("| ").AppendJoin(" | ", row).Append(" |\n");
            }

            md.Append($"\n![Per-layer activation histograms, run {i + 1}]({pngs[i]})\n\n");
        }

        return md.ToString();
    }

    private static string Html(IReadOnlyList<StudyResult> results, IReadOnlyList<string> pngs)
    {
        static string E(string text) => WebUtility.HtmlEncode(text);

        var html = new StringBuilder();
        html.Append($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>{{E(Title)}}</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1700px; padding: 0 1em; color: #222; }
            table { border-collapse: collapse; margin: 1em 0; font-variant-numeric: tabular-nums; }
            th, td { border: 1px solid #ccc; padding: 0.2em 0.7em; text-align: right; }
            th:first-child, td:first-child { text-align: left; }
            th { background: #f3f3f3; }
            code { background: #f6f6f6; padding: 0 0.2em; word-break: break-all; }
            img { max-width: 100%; height: auto; border: 1px solid #eee; }
            </style>
            </head>
            <body>
            <h1>{{E(Title)}}</h1>
            <p>{{E(Intro)}}</p>
            <h2>Summary</h2>

            """);
        html.Append("<table id=\"verdicts\">\n<tr>").AppendJoin("", VerdictColumns.Select(c => $"<th>{c}</th>")).Append("</tr>\n");
        foreach (var row in VerdictRows(results))
        {
            html.Append("<tr>").AppendJoin("", row.Select(cell => $"<td>{E(cell)}</td>")).Append("</tr>\n");
        }

        html.Append("</table>\n");
        html.Append($"<p>Rules, tried in order: {E(string.Join("; ", VerdictRules.Rules))}.</p>\n");
        html.Append($"<img src=\"{ActivationChart}\" alt=\"Activation std per layer, all runs\">\n");
        html.Append($"<img src=\"{GradientChart}\" alt=\"Gradient std per layer, all runs\">\n");
        for (int i = 0; i < results.Count; i++)
        {
            var result = results[i];
            html.Append($"<h2>Run {i + 1}: {E(Heading(result.Spec))}</h2>\n");
            html.Append($"<p>{E(Details(result))} Initializer: <code>{E(KerasJson.Serialize(result.Spec.Initializer))}</code></p>\n");
            html.Append("<table>\n<tr>").AppendJoin("", TableColumns.Select(c => $"<th>{c}</th>")).Append("</tr>\n");
            foreach (var row in Rows(result))
            {
                html.Append("<tr>").AppendJoin("", row.Select(cell => $"<td>{E(cell)}</td>")).Append("</tr>\n");
            }

            html.Append("</table>\n");
            html.Append($"<img src=\"{E(pngs[i])}\" alt=\"Per-layer activation histograms, run {i + 1}\">\n");
        }

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static IEnumerable<string[]> VerdictRows(IReadOnlyList<StudyResult> results) =>
        results.Select((r, i) => new[]
        {
            (i + 1).ToString(CultureInfo.InvariantCulture), r.Spec.Activation, InitializerLabel(r.Spec.Initializer),
            r.Spec.BatchNorm ? "yes" : "no", r.Diagnosis.Name, r.Diagnosis.Reason,
        });

    /// <summary>
    /// One line per run over the layers, y on a log scale (ScottPlot has none built in: the values are plotted as
    /// log10 with ticks labelled 10^k). Zero and non-finite values have no logarithm and are left out of their line.
    /// </summary>
    private static void SummaryPng(string path, IReadOnlyList<StudyResult> results, string title, string yLabel,
        Func<StudyResult, IEnumerable<double>> values)
    {
        using var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < results.Count; i++)
        {
            var points = values(results[i]).Select((v, layer) => (X: layer + 1.0, Y: v))
                .Where(p => double.IsFinite(p.Y) && p.Y > 0).Select(p => (p.X, Y: Math.Log10(p.Y))).ToArray();
            if (points.Length == 0)
            {
                continue;
            }

            var line = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray(), palette.GetColor(i));
            line.LegendText = $"{i + 1}: {results[i].Spec.Activation} {InitializerLabel(results[i].Spec.Initializer)}{(results[i].Spec.BatchNorm ? " + BN" : "")}";
            line.LineWidth = 2;
        }

        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            IntegerTicksOnly = true,
            LabelFormatter = y => $"1e{y:0}",
        };
        plot.Title(title);
        plot.XLabel("layer");
        plot.YLabel(yLabel + " (log scale)");
        plot.ShowLegend(Edge.Right);
        plot.Font.Set(Font);
        plot.SavePng(path, 1200, 500);
    }

    /// <summary>File-name part for a run: activation, initializer label and BN, lower case, dashes between words.</summary>
    internal static string Slug(StudySpec spec)
    {
        string text = $"{spec.Activation} {InitializerLabel(spec.Initializer)}{(spec.BatchNorm ? " bn" : "")}";
        var slug = new StringBuilder();
        foreach (char c in text.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        // Long configs (VarianceScaling's) would make unwieldy file names; the heading in index.md has the full label.
        const int MaxLength = 80;
        return slug.ToString(0, Math.Min(slug.Length, MaxLength)).Trim('-');
    }

    private static void WritePng(string path, StudyResult result)
    {
        int layers = result.Layers.Count;
        int columns = Math.Max(layers, 1);

        // Multiplot's CustomGrid places the title plot across the top row and one histogram per column below it;
        // Multiplot has no figure title of its own. It is built around the header because new Multiplot() would add an
        // empty plot of its own, which the grid would not place.
        var header = new Plot();
        var multiplot = new Multiplot(header);
        var grid = new ScottPlot.MultiplotLayouts.CustomGrid();
        multiplot.Layout = grid;
        try
        {
            // Frameless hides the title panel too, so the title must be set after it.
            header.Axes.Frameless();
            header.HideGrid();
            header.Title($"{result.Spec.Activation} · {InitializerLabel(result.Spec.Initializer)}{(result.Spec.BatchNorm ? " · batch norm" : "")}", size: 16);
            header.Font.Set(Font);
            grid.Set(header, new GridCell(0, 0, GridRows, columns, 1, columns));

            for (int i = 0; i < layers; i++)
            {
                var plot = HistogramPlot(LayerName(i), result.Layers[i]);
                multiplot.AddPlot(plot);
                grid.Set(plot, new GridCell(1, i, GridRows, columns, GridRows - 1, 1));
            }

            multiplot.SavePng(path, Math.Max(MinimumWidth, PixelsPerLayer * layers), Height);
        }
        finally
        {
            foreach (var plot in multiplot.GetPlots())
            {
                plot.Dispose();
            }
        }
    }

    private static Plot HistogramPlot(string name, ActivationStatistics layer)
    {
        var plot = new Plot();
        var color = Colors.SteelBlue;
        var (low, high) = layer.HistogramRange;
        if (high > low && double.IsFinite(low) && double.IsFinite(high))
        {
            double width = (high - low) / layer.Histogram.Length;
            plot.Add.Bars(layer.Histogram.Select((count, b) => new Bar
            {
                Position = low + (b + 0.5) * width, Value = count, Size = width, FillColor = color, LineColor = color, LineWidth = 0,
            }).ToList());
        }
        else
        {
            // Every value equal (e.g. a Zeros initializer) gives a range of no width, and an overflow a non-finite
            // one: draw all the counts as one bar at that value on an axis one unit wide, so ScottPlot has a scale.
            double value = double.IsFinite(low) ? low : 0;
            (low, high) = (value - 0.5, value + 0.5);
            plot.Add.Bars(new[] { new Bar { Position = value, Value = layer.Histogram.Sum(), Size = 0.02, FillColor = color, LineColor = color, LineWidth = 0 } });
        }

        plot.Title($"{name}\nmean {FormatNumber(layer.Mean)}\nstd {FormatNumber(layer.Std)}", size: 12);

        // Margins autoscales both axes, so the x limits must be set after it: bars from the baseline, x the histogram's range.
        plot.Axes.Margins(bottom: 0);
        plot.Axes.SetLimitsX(low, high);

        // Counts differ by orders of magnitude between layers and the shape is what matters, so no y tick labels:
        // they would take a third of a 160 px subplot.
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.EmptyTickGenerator();

        // Fixed padding keeps every subplot's data area the same width (automatic layout sizes it per plot), with
        // room above for the three-line title and at the sides for the edge tick labels, which would otherwise collide
        // with the neighbour's.
        plot.Layout.Fixed(new PixelPadding(18, 18, 24, 58));
        plot.Font.Set(Font);
        return plot;
    }
}
