using System.Text.Json.Serialization;

namespace SlaEscalation.Silo.Api;

/// <summary>
/// One thing wrong with a request, as every 400 problem lists it under <c>errors</c>: <see cref="Detail"/> says what,
/// and exactly one of <see cref="Pointer"/> (an RFC 6901 JSON Pointer into the body, <c>""</c> for the whole body)
/// or <see cref="Parameter"/> (a query, route or header parameter) says where.
/// </summary>
public sealed record ProblemError
{
    private ProblemError(string? pointer, string? parameter, string detail)
    {
        Pointer = pointer;
        Parameter = parameter;
        Detail = detail;
    }

    /// <summary>Where in the body, e.g. <c>/3/time</c> or <c>/policies/0/targets/urgent/first_reply</c>; null for a parameter.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Pointer { get; }

    /// <summary>Which query, route or header parameter, e.g. <c>limit</c> or <c>If-Match</c>; null for the body.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Parameter { get; }

    /// <summary>What is wrong, as a sentence.</summary>
    public string Detail { get; }

    /// <summary>A problem at <paramref name="pointer"/> in the body (<c>""</c>: the body as a whole).</summary>
    public static ProblemError InBody(string pointer, string detail)
    {
        ArgumentNullException.ThrowIfNull(pointer);
        ArgumentException.ThrowIfNullOrEmpty(detail);
        return new(pointer, null, detail);
    }

    /// <summary>A problem with the parameter <paramref name="name"/>.</summary>
    public static ProblemError InParameter(string name, string detail)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(detail);
        return new(null, name, detail);
    }

    /// <summary>
    /// The error as one line of a problem's <c>detail</c>: a pointer into the body, then what is wrong; a parameter's
    /// detail names the parameter itself.
    /// </summary>
    public override string ToString() => Pointer is { Length: > 0 } pointer ? $"{pointer}: {Detail}" : Detail;
}
