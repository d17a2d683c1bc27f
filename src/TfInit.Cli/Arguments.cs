using System.Globalization;

namespace TfInit.Cli;

/// <summary>
/// A parsed command line: positionals, options with values (repeatable) and flags. Only the options a
/// command declares are accepted, so a typo is an error rather than something silently ignored.
/// </summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private Arguments(string command) => Command = command;

    public string Command { get; }

    public List<string> Positionals { get; } = [];

    /// <summary>Parses <paramref name="args"/> against the declared option names.</summary>
    /// <param name="command">The verb, for messages.</param>
    /// <param name="args">The arguments after the verb.</param>
    /// <param name="valued">Options that take a value (with their short aliases mapped by <paramref name="aliases"/>).</param>
    /// <param name="flags">Options that take none.</param>
    /// <param name="aliases">Short names mapped to long ones, e.g. -o to --output.</param>
    public static Arguments Parse(string command, IReadOnlyList<string> args, IReadOnlyCollection<string> valued,
        IReadOnlyCollection<string> flags, IReadOnlyDictionary<string, string>? aliases = null)
    {
        var parsed = new Arguments(command);
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith('-') || arg == "-" || IsNumber(arg))
            {
                parsed.Positionals.Add(arg);
                continue;
            }

            string name = arg;
            string? inline = null;
            int eq = arg.IndexOf('=');
            if (arg.StartsWith("--") && eq > 0)
            {
                name = arg[..eq];
                inline = arg[(eq + 1)..];
            }

            if (aliases is not null && aliases.TryGetValue(name, out var longName))
            {
                name = longName;
            }

            if (flags.Contains(name) && inline is null)
            {
                parsed._flags.Add(name);
            }
            else if (valued.Contains(name))
            {
                string value = inline ?? (i + 1 < args.Count ? args[++i] : throw new UsageException($"{command}: option {name} needs a value."));
                if (!parsed._values.TryGetValue(name, out var list))
                {
                    parsed._values[name] = list = [];
                }

                list.Add(value);
            }
            else
            {
                var known = valued.Concat(flags).Order();
                throw new UsageException($"{command}: unknown option '{arg}'; allowed: {string.Join(", ", known)}.");
            }
        }

        return parsed;
    }

    public bool Flag(string name) => _flags.Contains(name);

    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var list) ? list : [];

    public string? Value(string name)
    {
        var all = All(name);
        return all.Count switch
        {
            0 => null,
            1 => all[0],
            _ => throw new UsageException($"{Command}: option {name} was given {all.Count} times; give it once."),
        };
    }

    public string Choice(string name, string fallback, params string[] allowed)
    {
        string value = Value(name) ?? fallback;
        return allowed.Contains(value)
            ? value
            : throw new UsageException($"{Command}: {name} '{value}' is not allowed; use one of: {string.Join(", ", allowed)}.");
    }

    public long? Long(string name)
    {
        string? text = Value(name);
        if (text is null)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v)
            ? v
            : throw new UsageException($"{Command}: {name} '{text}' is not an integer.");
    }

    public int? PositiveInt(string name)
    {
        string? text = Value(name);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v > 0
            ? v
            : throw new UsageException($"{Command}: {name} '{text}' must be a positive integer.");
    }

    private static bool IsNumber(string arg) =>
        double.TryParse(arg, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
