namespace TfInit;

/// <summary>Argument checks whose messages name the parameter, the value and what is allowed.</summary>
internal static class Check
{
    public static void Finite(double value, string paramName)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be a finite number.");
        }
    }

    public static void NonNegative(double value, string paramName)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be a finite number >= 0.");
        }
    }

    public static void Positive(double value, string paramName)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be a finite number > 0.");
        }
    }

    public static void Rank(ReadOnlySpan<int> shape, int min, int max, string initializer)
    {
        if (shape.Length < min || shape.Length > max)
        {
            string allowed = min == max ? $"exactly {min}" : max == int.MaxValue ? $"at least {min}" : $"{min} to {max}";
            throw new ArgumentException(
                $"{initializer} needs a tensor of rank {allowed}; got shape {Shapes.Shape.Format(shape)} of rank {shape.Length}.",
                "shape");
        }
    }
}
