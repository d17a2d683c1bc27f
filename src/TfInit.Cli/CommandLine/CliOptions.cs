using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace TfInit.Cli.CommandLine;

/// <summary>
/// The kinds of option the commands take, built on System.CommandLine. Each kind checks its own value and reports a
/// bad one as a parse error naming the flag and what is allowed, so every command validates the same way and
/// <c>--help</c> shows the same value names and defaults the parser enforces.
/// </summary>
internal static class CliOptions
{
    /// <summary>A value from a fixed list; <c>--help</c> and tab completion show the list, the default is marked.</summary>
    public static Option<string> Choice(string name, string description, string? fallback, params string[] allowed)
    {
        // A long list would push the help's second column off the screen: show two values there and all in the text.
        bool longList = allowed.Length > 3;
        var option = new Option<string>(name)
        {
            Description = longList ? $"{description} One of: {string.Join(", ", allowed)}." : description,
            HelpName = longList ? $"{allowed[0]}|{allowed[1]}|..." : string.Join('|', allowed),
            CustomParser = result =>
            {
                if (result.Tokens.Count == 0)
                {
                    return fallback!;
                }

                string text = result.Tokens[0].Value;
                if (!allowed.Contains(text, StringComparer.Ordinal))
                {
                    result.AddError($"{Typed(result, name)} '{text}' is not allowed; use one of: {string.Join(", ", allowed)}.");
                }

                return text;
            },
        };
        if (fallback is not null)
        {
            option.DefaultValueFactory = _ => fallback;
        }

        option.CompletionSources.Add(allowed);
        return option;
    }

    /// <summary>The smallest and largest seed every command takes: numpy's legacy RandomState range, which Philox shares.</summary>
    public const long MaxSeed = uint.MaxValue;

    /// <summary>A seed, 0 to 4294967295 (2**32 - 1), checked the same way by every command.</summary>
    public static Option<long?> Seed(string description, long? fallback = null) =>
        Parsed<long?>("--seed", "N", $"{description} An integer from 0 to {MaxSeed}.", fallback, text =>
            long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long v) && v <= MaxSeed ? v : null,
            $"is not a seed; seeds are integers from 0 to {MaxSeed} (2**32 - 1)");

    /// <summary>A file or folder path; empty or blank is refused here, naming the flag.</summary>
    public static Option<string?> Path(string name, string helpName, string description, params string[] aliases)
    {
        var option = Text(name, helpName, description, aliases);
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && string.IsNullOrWhiteSpace(result.Tokens[0].Value))
            {
                result.AddError($"{result.IdentifierToken?.Value ?? name} '{result.Tokens[0].Value}' is empty; give a path.");
            }
        });
        return option;
    }

    /// <summary>Free text (a shape, a config) whose meaning the command checks.</summary>
    public static Option<string?> Text(string name, string helpName, string description, params string[] aliases) =>
        new(name, aliases) { Description = description, HelpName = helpName };

    /// <summary>An option given once per value, any number of times (<c>--init a --init b</c>).</summary>
    public static Option<string[]> Repeated(string name, string helpName, string description) =>
        new(name) { Description = description, HelpName = helpName, AllowMultipleArgumentsPerToken = false };

    /// <summary>A switch that takes no value.</summary>
    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    /// <summary>A 64-bit integer (a seed; its range is checked where it is used, the same way everywhere).</summary>
    public static Option<long?> Integer(string name, string helpName, string description, long? fallback = null) =>
        Parsed<long?>(name, helpName, description, fallback, text =>
            long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) ? v : null,
            "is not an integer");

    /// <summary>An integer of at least 1 (and at most <paramref name="max"/>).</summary>
    public static Option<int?> PositiveInt(string name, string helpName, string description, int? fallback = null, int max = int.MaxValue) =>
        Parsed<int?>(name, helpName, description, fallback, text =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v > 0 && v <= max ? v : null,
            max == int.MaxValue ? "must be a positive integer" : $"must be an integer from 1 to {max}");

    /// <summary>A finite number, above zero when <paramref name="positive"/>, else at least zero.</summary>
    public static Option<double?> Number(string name, string helpName, string description, bool positive) =>
        Parsed<double?>(name, helpName, description, null, text =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) && (positive ? v > 0 : v >= 0)
                ? v
                : null,
            positive ? "must be a positive number" : "must be a non-negative number");

    /// <summary>Whether the user wrote the option (a default does not count).</summary>
    public static bool WasGiven(this ParseResult result, Option option) => result.GetResult(option) is { Implicit: false };

    /// <summary>The spelling the user wrote (-o or --output), for messages.</summary>
    private static string Typed(ArgumentResult result, string name) => (result.Parent as OptionResult)?.IdentifierToken?.Value ?? name;

    private static Option<T> Parsed<T>(string name, string helpName, string description, T? fallback, Func<string, T?> parse, string rule)
    {
        var option = new Option<T>(name)
        {
            Description = description,
            HelpName = helpName,
            CustomParser = result =>
            {
                if (result.Tokens.Count == 0)
                {
                    return fallback!;
                }

                string text = result.Tokens[0].Value;
                T? value = parse(text);
                if (value is null)
                {
                    result.AddError($"{Typed(result, name)} '{text}' {rule}.");
                }

                return value!;
            },
        };
        if (fallback is not null)
        {
            option.DefaultValueFactory = _ => fallback;
        }

        return option;
    }
}
