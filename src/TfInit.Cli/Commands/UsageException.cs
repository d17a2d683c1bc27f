namespace TfInit.Cli.Commands;

/// <summary>A command line the tool cannot run: reported as one line with exit code 2.</summary>
/// <param name="message">What is wrong and what is allowed.</param>
internal sealed class UsageException(string message) : ArgumentException(message);
