namespace TfInit.Diagnostics;

/// <summary>
/// Warnings the library gives where a reference library warns and goes on (PyTorch's <c>warnings.warn</c>), e.g.
/// "Initializing zero-element tensors is a no-op" from <c>kaiming_uniform_</c>. An application subscribes to
/// <see cref="Issued"/> to show them (the <c>tfinit</c> command prints them on stderr); with no subscriber they go to
/// <see cref="System.Diagnostics.Trace"/>.
/// </summary>
public static class Warnings
{
    /// <summary>Raised once per warning, with its text, on the thread that caused it.</summary>
    public static event Action<string>? Issued;

    /// <summary>Gives a warning to the subscribers, or to Trace when there are none.</summary>
    /// <param name="message">The warning's text.</param>
    internal static void Issue(string message)
    {
        var handlers = Issued;
        if (handlers is null)
        {
            System.Diagnostics.Trace.TraceWarning(message);
            return;
        }

        handlers(message);
    }
}
