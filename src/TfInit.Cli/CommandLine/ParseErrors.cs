using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;

namespace TfInit.Cli.CommandLine;

/// <summary>
/// Turns System.CommandLine's parse errors into the tool's one line: the command, what was wrong, a "did you mean"
/// for a mistyped option or command, and the usage.
/// </summary>
internal static class ParseErrors
{
    public static string Describe(ParseResult result)
    {
        var command = result.CommandResult.Command;
        string prefix = command is RootCommand ? "" : $"{command.Name}: ";
        if (result.UnmatchedTokens.Count > 0)
        {
            return prefix + Unmatched(command, result.UnmatchedTokens[0]);
        }

        // The first error is the one the user meets first on the command line; the rest usually follow from it. A bad
        // value's message says what is allowed; a missing option or argument gets the usage line as well.
        var first = result.Errors[0];
        bool aboutValue = first.SymbolResult is OptionResult or ArgumentResult { Parent: OptionResult };
        return command is RootCommand || aboutValue ? prefix + first.Message : $"{prefix}{first.Message} Usage: {Synopsis.Of(command)}";
    }

    private static string Unmatched(Command command, string token)
    {
        if (command is RootCommand)
        {
            return $"unknown command '{token}'{Suggest(token, command.Subcommands.Select(c => c.Name))}; " +
                $"commands: {string.Join(", ", command.Subcommands.Select(c => c.Name))}.";
        }

        if (!token.StartsWith('-'))
        {
            return $"unexpected argument '{token}'. Usage: {Synopsis.Of(command)}";
        }

        return UnknownOption(command, token);
    }

    /// <summary>Whether a token that reached a positional is an option the command does not have (not "-" or "-1.5").</summary>
    public static bool LooksLikeOption(string token) =>
        token.Length > 1 && token[0] == '-' && !double.TryParse(token, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);

    /// <summary>"unknown option '--sed' (did you mean '--seed'?); allowed: ...".</summary>
    public static string UnknownOption(Command command, string token)
    {
        var names = command.Options.Where(o => o is not HelpOption).SelectMany(o => o.Aliases.Append(o.Name)).Order(StringComparer.Ordinal).ToList();
        string name = token.Split('=', 2)[0];
        return $"unknown option '{token}'{Suggest(name, names)}; allowed: {string.Join(", ", names)}.";
    }

    /// <summary>" (did you mean '--seed'?)" when one known name is within two edits of what was typed.</summary>
    private static string Suggest(string typed, IEnumerable<string> known)
    {
        var close = known.Select(k => (Name: k, Distance: Distance(typed, k)))
            .Where(c => c.Distance <= Math.Max(1, Math.Min(2, typed.Length / 3)))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
        return close.Count == 0 ? "" : $" (did you mean '{close[0].Name}'?)";
    }

    /// <summary>Damerau-Levenshtein distance (a swap of two neighbours counts as one edit: --widht, --width).</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
