using System.Globalization;
using System.Text;
using TfInit.Analysis;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TfInit.TorchSharp.Probes;

/// <summary>
/// Per-layer statistics at initialization for any TorchSharp <c>Module&lt;Tensor, Tensor&gt;</c>: forward hooks on the
/// leaf modules (those without children) record each output, and with a loss the backward pass gives each output's
/// gradient (kept with retain_grad) and each parameter's. The statistics are the study's: mean, std, saturated
/// and zero fractions, a histogram, gradient norm and std.
/// </summary>
public static class ModuleProbe
{
    /// <summary>Runs <paramref name="input"/> through <paramref name="model"/> and summarizes every leaf module's output.</summary>
    /// <param name="model">The model; its leaf modules must be called through <c>call</c> (as Sequential does) for hooks to run.</param>
    /// <param name="input">The batch.</param>
    /// <param name="loss">Maps the model's output to a scalar loss; with it, a backward pass adds gradient statistics. Null: forward only, under no_grad.</param>
    /// <param name="bins">Histogram bins; &gt;= 1.</param>
    /// <returns>One entry per leaf-module call, in call order.</returns>
    /// <exception cref="ArgumentException">No leaf module ran (a model whose forward bypasses <c>call</c>), or bins &lt; 1.</exception>
    public static IReadOnlyList<LayerStatistics> Run(nn.Module<Tensor, Tensor> model, Tensor input, Func<Tensor, Tensor>? loss = null, int bins = 50)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var outputs = new List<(string Name, nn.Module<Tensor, Tensor> Module, Tensor Output)>();
        using var scope = NewDisposeScope();
        var removers = Hook(model, (name, module, output) =>
        {
            // Sequential disposes each intermediate output once the next module has it; an alias (same storage and
            // autograd history, its own handle) outlives that, and retain_grad on it keeps the output's gradient.
            var kept = output.alias();
            if (loss is not null && kept.requires_grad)
            {
                kept.retain_grad();
            }

            outputs.Add((name, module, kept));
        });
        try
        {
            using (loss is null ? no_grad() : enable_grad())
            {
                var result = model.call(input);
                if (loss is not null)
                {
                    foreach (var p in model.parameters())
                    {
                        p.grad?.zero_();
                    }

                    loss(result).backward();
                }
            }
        }
        finally
        {
            foreach (var remove in removers)
            {
                remove();
            }
        }

        if (outputs.Count == 0)
        {
            throw new ArgumentException("No leaf module ran through call(): the model's forward must call its submodules with call() (as Sequential does) for the probes to see them.", nameof(model));
        }

        var statistics = outputs.Select((o, i) => Summarize(i, o.Name, o.Module, o.Output, bins, loss is not null)).ToList();
        if (loss is not null)
        {
            foreach (var p in model.parameters())
            {
                p.grad?.zero_();
            }
        }

        return statistics;
    }

    /// <summary>A text table of the statistics, one row per layer (the columns <c>tfinit study</c> prints, plus gradients when present).</summary>
    /// <param name="statistics">What <see cref="Run"/> returned.</param>
    /// <returns>The table.</returns>
    public static string Format(IReadOnlyList<LayerStatistics> statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        bool gradients = statistics.Any(s => s.GradientStd is not null);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{"layer",-16} {"type",-12} {"mean",11} {"std",11} {"saturated",9} {"zero",7}");
        text.Append(gradients ? $" {"grad std",11} {"grad norm",11}\n" : "\n");
        foreach (var s in statistics)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{s.Name,-16} {s.ModuleType,-12} {s.Mean,11:G4} {s.Std,11:G4} {s.SaturatedFraction,9:P1} {s.ZeroFraction,7:P1}");
            text.Append(gradients ? string.Create(CultureInfo.InvariantCulture, $" {s.GradientStd,11:G4} {s.GradientNorm,11:G4}\n") : "\n");
        }

        return text.ToString();
    }

    /// <summary>Registers <paramref name="onOutput"/> as a forward hook on every leaf <c>Module&lt;Tensor, Tensor&gt;</c>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="onOutput">Called with (qualified name, module, output) after each leaf call.</param>
    /// <returns>Actions that remove the hooks.</returns>
    internal static List<Action> Hook(nn.Module<Tensor, Tensor> model, Action<string, nn.Module<Tensor, Tensor>, Tensor> onOutput)
    {
        var removers = new List<Action>();
        foreach (var (name, module) in Leaves(model))
        {
            var remover = module.register_forward_hook((m, _, output) =>
            {
                onOutput(name, m, output);
                return output;
            });
            removers.Add(remover.remove);
        }

        return removers;
    }

    /// <summary>The leaf modules (no children) that take and return one tensor, with their qualified names; the model itself when it has no children.</summary>
    /// <param name="model">The model.</param>
    /// <returns>Name and module pairs.</returns>
    internal static IEnumerable<(string Name, nn.Module<Tensor, Tensor> Module)> Leaves(nn.Module<Tensor, Tensor> model)
    {
        var all = model.named_modules().ToList();
        if (all.Count == 0)
        {
            yield return (string.Empty, model);
            yield break;
        }

        foreach (var (name, module) in all)
        {
            if (module is nn.Module<Tensor, Tensor> leaf && !module.named_children().Any())
            {
                yield return (name, leaf);
            }
        }
    }

    private static LayerStatistics Summarize(int index, string name, nn.Module module, Tensor output, int bins, bool withGradients)
    {
        using var scope = NewDisposeScope();
        // Sums of a million float32 values lose digits: the statistics are taken in double, by the core (numpy's two passes).
        double[] values = output.detach().cpu().to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        var stats = Statistics.Of(values);
        double zero = values.Count(v => v == 0) / (double)values.Length;
        (double Low, double High)? bounds = module switch
        {
            Tanh => (-1.0, 1.0),
            Sigmoid => (0.0, 1.0),
            _ => null,
        };
        double saturated = 0;
        var range = bounds ?? (stats.Min, stats.Max);
        if (bounds is { } b)
        {
            double centre = (b.Low + b.High) / 2;
            double half = (b.High - b.Low) / 2;
            saturated = values.Count(v => Math.Abs(v - centre) > 0.99 * half) / (double)values.Length;
        }

        double? gradStd = null, gradNorm = null;
        var parameters = new List<ParameterGradient>();
        if (withGradients)
        {
            var grad = output.grad;
            if (grad is not null)
            {
                double[] g = grad.cpu().to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
                gradStd = Statistics.Of(g).Std;
                gradNorm = Math.Sqrt(g.Sum(x => x * x));
            }

            foreach (var (pname, p) in module.named_parameters(recurse: false))
            {
                var pg = p.grad;
                double norm = pg is null ? 0 : pg.to_type(ScalarType.Float64).norm().item<double>();
                double std = pg is null ? 0 : Statistics.Of(pg.cpu().to_type(ScalarType.Float64).contiguous().data<double>().ToArray()).Std;
                parameters.Add(new ParameterGradient(name.Length == 0 ? pname : $"{name}.{pname}", norm, std));
            }
        }

        return new LayerStatistics(index, name, module.GetType().Name, output.shape, stats.Mean, stats.Std, saturated, zero,
            Histogram(values, bins, range), range, gradStd, gradNorm, parameters);
    }

    private static long[] Histogram(double[] values, int bins, (double Low, double High) range)
    {
        var counts = new long[bins];
        if (!(range.High > range.Low))
        {
            counts[0] = values.Length;
            return counts;
        }

        double scale = bins / (range.High - range.Low);
        foreach (double v in values)
        {
            // Bin i holds [low + i w, low + (i + 1) w); the top edge goes to the last bin, as numpy.histogram does.
            int bin = (int)Math.Floor((v - range.Low) * scale);
            counts[Math.Clamp(bin, 0, bins - 1)]++;
        }

        return counts;
    }
}
