using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using TfInit.Cli.CommandLine;
using TfInit.Initializers;
using TfInit.Nonlinearities;
using TfInit.Serialization;

namespace TfInit.Cli.Commands;

/// <summary><c>tfinit list [--json]</c>: every initializer with its formula, defaults and aliases.</summary>
internal sealed class ListCommand : Command
{
    private readonly Option<bool> _json = CliOptions.Flag("--json", "Print {\"initializers\": [...], \"python_forms\": [...]} instead of the table.");

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

        foreach (var type in InitializerType.All)
        {
            output.WriteLine($"{type.ClassName}({Defaults(type)})  [{type.Module}]");
            output.WriteLine($"    formula: {type.Formula}");
            output.WriteLine($"    aliases: {string.Join(", ", type.Aliases)}");
        }

        output.WriteLine();
        output.WriteLine("Python forms (accepted wherever a name or JSON is; every tf. form also works as tf.compat.v1.):");
        foreach (var form in PythonInitializers.Forms)
        {
            output.WriteLine($"  [{form.Family}] {form.Python}  ->  {form.Becomes}");
        }

        output.WriteLine();
        output.WriteLine("Fans: Keras layout [..spatial, in, out] by default (--layout torch reads [out, in, ..spatial]).");
        output.WriteLine($"Gains (calculate_gain): {string.Join(", ", Gain.Nonlinearities.Select(n => $"{n} {Gain.Calculate(n):0.####}"))}.");
        output.WriteLine();
        output.WriteLine("Computed gains, 1 / sqrt(E[f(z)^2]) for z ~ N(0, 1) (Gain.Compute; he_for:NAME uses its square as the scale):");
        output.WriteLine($"    {"activation",-12} {"computed",10} {"calculate_gain",15}");
        foreach (var (name, computed, table) in ComputedGains())
        {
            output.WriteLine($"    {name,-12} {computed,10:0.0000} {(table is { } t ? t.ToString("0.0000", CultureInfo.InvariantCulture) : "-"),15}");
        }

        return 0;
    }

    /// <summary>
    /// Every activation Gain.Compute knows, with PyTorch's calculate_gain where its table has the name (leaky_relu at
    /// Keras's slope 0.2, the slope the computed gain uses).
    /// </summary>
    private static IEnumerable<(string Name, double Computed, double? Table)> ComputedGains() =>
        ScalarActivations.Names.Select(name => (name, Gain.Compute(name),
            Gain.Nonlinearities.Contains(name) ? Gain.Calculate(name, name == "leaky_relu" ? 0.2 : null) : (double?)null));

    /// <summary>The config of the default instance; a required key shows as required instead of its example value.</summary>
    private static string Defaults(InitializerType type) => string.Join(", ", type.Defaults.Select(kv =>
        type.RequiredKeys.Contains(kv.Key) ? $"{kv.Key} (required)" : $"{kv.Key}={Format(kv.Value)}"));

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
        foreach (var type in InitializerType.All)
        {
            writer.WriteStartObject();
            writer.WriteString("class_name", type.ClassName);
            writer.WriteString("module", type.Module);
            writer.WriteString("formula", type.Formula);
            writer.WriteString("defaults", Defaults(type));
            writer.WriteStartArray("aliases");
            foreach (string alias in type.Aliases)
            {
                writer.WriteStringValue(alias);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("python_forms");
        foreach (var form in PythonInitializers.Forms)
        {
            writer.WriteStartObject();
            writer.WriteString("family", form.Family);
            writer.WriteString("python", form.Python);
            writer.WriteString("becomes", form.Becomes);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("gains");
        foreach (var (name, computed, table) in ComputedGains())
        {
            writer.WriteStartObject();
            writer.WriteString("activation", name);
            writer.WriteNumber("computed", computed);
            writer.WritePropertyName("calculate_gain");
            if (table is { } t)
            {
                writer.WriteNumberValue(t);
            }
            else
            {
                writer.WriteNullValue();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }));
}
