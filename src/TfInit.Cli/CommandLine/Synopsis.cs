using System.CommandLine;
using System.CommandLine.Help;

namespace TfInit.Cli.CommandLine;

/// <summary>
/// The one-line usage of a command (<c>tfinit init NAME_OR_JSON --shape DIMS [--seed N] ...</c>), made from the
/// command's own arguments and options so that it cannot drift from what the parser accepts.
/// </summary>
internal static class Synopsis
{
    public static string Of(Command command)
    {
        var parts = new List<string> { $"tfinit {command.Name}" };
        parts.AddRange(command.Arguments.Select(a => a.HelpName ?? a.Name));
        foreach (var option in command.Options.Where(o => o is not HelpOption and not VersionOption))
        {
            // The shortest spelling (-o over --output), the first of equal lengths in aliases-then-name order; a loop, as
            // MinBy over int is jitted at every start.
            string? shortest = null;
            foreach (string alias in option.Aliases)
            {
                shortest = shortest is null || alias.Length < shortest.Length ? alias : shortest;
            }

            string name = shortest is not null && shortest.Length <= option.Name.Length ? shortest : option.Name;

            bool flag = option.ValueType == typeof(bool);
            string text = flag ? name : $"{name} {option.HelpName ?? "VALUE"}";
            parts.Add(option.Required ? text : $"[{text}]{(option.ValueType.IsArray ? "..." : "")}");
        }

        return string.Join(' ', parts);
    }
}
