using System.Diagnostics.CodeAnalysis;

namespace SlaEscalation.Domain.Configuration;

/// <summary>Either a valid value or every error found; a part with any error is refused whole.</summary>
public sealed record ConfigurationResult<T>
    where T : class
{
    private ConfigurationResult(T? value, IReadOnlyList<ConfigurationError> errors)
    {
        Value = value;
        Errors = errors;
    }

    public T? Value { get; }

    public IReadOnlyList<ConfigurationError> Errors { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    public bool IsValid => Value is not null;

    public static ConfigurationResult<T> Success(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value, []);
    }

    public static ConfigurationResult<T> Failure(IReadOnlyList<ConfigurationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("A failure names at least one error.", nameof(errors));
        }

        return new(null, errors);
    }
}
