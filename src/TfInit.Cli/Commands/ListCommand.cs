using System.CommandLine;
using System.Text.Json;
using TfInit.Cli.CommandLine;
using TfInit.Initializers;
using TfInit.Serialization;

namespace TfInit.Cli.Commands;

/// <summary><c>tfinit list [--json]</c>: every initializer with its formula, defaults and aliases.</summary>
internal sealed class ListCommand : Command
{
    private readonly Option<bool> _json = CliOptions.Flag("--json", "Print {\"initializers\": [...]} instead of the table.");

    public ListCommand()
        : base("list", "Every initializer with its formula, defaults and aliases.")
    {
        Options.Add(_json);
        SetAction(Run);
    }

    private int Run(ParseResult parsed)
    {
        var output = parsed.InvocationConfiguration.Output;
        if (parsed.GetValue(_json))
        {
            WriteJson(output);
            return 0;
        }

        foreach (string name in InitializerRegistry.ClassNames)
        {
            var (module, defaults) = Defaults(name);
            output.WriteLine($"{name}({defaults})  [{module}]");
            output.WriteLine($"    formula: {InitializerRegistry.FormulaOf(name)}");
            output.WriteLine($"    aliases: {string.Join(", ", InitializerRegistry.AliasesOf(name))}");
        }

        output.WriteLine();
        output.WriteLine("Fans: Keras layout [..spatial, in, out] by default (--layout torch reads [out, in, ..spatial]).");
        output.WriteLine($"Gains (calculate_gain): {string.Join(", ", Gain.Nonlinearities.Select(n => $"{n} {Gain.Calculate(n):0.####}"))}.");
        return 0;
    }

    private static (string Module, string Defaults) Defaults(string name)
    {
        try
        {
            var initializer = InitializerRegistry.Create(name, default);
            var config = initializer.GetConfig().Select(kv => $"{kv.Key}={Format(kv.Value)}");
            return (initializer.Module, string.Join(", ", config));
        }
        catch (ArgumentException e) when (e.ParamName is not null)
        {
            // Classes with a required argument (Sparse's sparsity, Pretrained's path) have no default instance.
            var probe = name == "Sparse" ? new Sparse(0.1) : (Initializer)new Pretrained("weights.npy");
            var config = probe.GetConfig().Select(kv => kv.Key == e.ParamName ? $"{kv.Key} (required)" : $"{kv.Key}={Format(kv.Value)}");
            return (probe.Module, string.Join(", ", config));
        }
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        int[] list => "[" + string.Join(", ", list) + "]",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    private static void WriteJson(TextWriter output) => output.WriteLine(JsonText.Object(true, writer =>
    {
        writer.WriteStartArray("initializers");
        foreach (string name in InitializerRegistry.ClassNames)
        {
            var (module, defaults) = Defaults(name);
            writer.WriteStartObject();
            writer.WriteString("class_name", name);
            writer.WriteString("module", module);
            writer.WriteString("formula", InitializerRegistry.FormulaOf(name));
            writer.WriteString("defaults", defaults);
            writer.WriteStartArray("aliases");
            foreach (string alias in InitializerRegistry.AliasesOf(name))
            {
                writer.WriteStringValue(alias);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }));
}
