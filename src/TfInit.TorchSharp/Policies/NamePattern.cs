using System.Text.RegularExpressions;

namespace TfInit.TorchSharp.Policies;

/// <summary>A parameter-name pattern where <c>*</c> matches any run of characters (dots included) and everything else is literal.</summary>
internal sealed class NamePattern
{
    private readonly Regex _regex;

    /// <summary>Compiles the pattern.</summary>
    /// <param name="pattern">E.g. <c>fc.weight</c>, <c>*.bias</c>, <c>encoder.*</c>.</param>
    /// <param name="paramName">The caller's parameter name, for the error.</param>
    /// <exception cref="ArgumentException">An empty pattern.</exception>
    public NamePattern(string pattern, string paramName)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            throw new ArgumentException("The name pattern is empty; give a parameter name such as \"fc.weight\" or a pattern such as \"*.bias\".", paramName);
        }

        Text = pattern;
        _regex = new Regex("^" + string.Join(".*", pattern.Split('*').Select(Regex.Escape)) + "$", RegexOptions.CultureInvariant);
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>Whether <paramref name="name"/> matches the whole pattern.</summary>
    /// <param name="name">A parameter name.</param>
    /// <returns>True on a match.</returns>
    public bool Matches(string name) => _regex.IsMatch(name);
}
