namespace SlaEscalation.Silo.Api.Documentation;

/// <summary>What an endpoint adds to its OpenAPI description beyond what the framework reads from its signature.</summary>
public static class EndpointDocumentation
{
    /// <summary>
    /// Documents <paramref name="json"/> as an example body of the request, sent as <paramref name="mediaType"/> to
    /// the path with <paramref name="route"/>'s values (e.g. <c>["id"] = "support"</c>) in its parameters.
    /// </summary>
    public static TBuilder WithRequestExample<TBuilder>(this TBuilder builder, string summary, string json,
        string mediaType = "application/json", IReadOnlyDictionary<string, string>? route = null)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestExample(summary, json, mediaType, route ?? new Dictionary<string, string>()));

    /// <summary>Documents the body the endpoint reads as <typeparamref name="TBody"/>, sent as one of <paramref name="contentTypes"/>.</summary>
    public static RouteHandlerBuilder WithRequestBody<TBody>(this RouteHandlerBuilder builder, params string[] contentTypes) =>
        builder.WithMetadata(new DocumentedBody(typeof(TBody), contentTypes));

    /// <summary>Documents a body that has no schema here (<paramref name="description"/> says what it is), sent as one of <paramref name="contentTypes"/>.</summary>
    public static RouteHandlerBuilder WithRequestBody(this RouteHandlerBuilder builder, string description, params string[] contentTypes) =>
        builder.WithMetadata(new DocumentedBody(typeof(System.Text.Json.JsonElement), contentTypes, description));

    /// <summary>Documents an optional request header <paramref name="name"/> the endpoint reads itself.</summary>
    public static TBuilder WithRequestHeader<TBuilder>(this TBuilder builder, string name, string description)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new DocumentedHeader(name, description));

    /// <summary>Documents the endpoint as a vendor webhook authenticated by the signature in <paramref name="signatureHeaders"/>.</summary>
    public static TBuilder WithSignedWebhook<TBuilder>(this TBuilder builder, string description, params string[] signatureHeaders)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new SignedWebhook(description, signatureHeaders));
}
