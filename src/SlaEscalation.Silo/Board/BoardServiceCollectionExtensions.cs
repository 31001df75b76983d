using SlaEscalation.Grains.Escalations;
using SlaEscalation.Grains.Tickets;

namespace SlaEscalation.Silo.Board;

/// <summary>Registers the board: its pages, sign-in, anti-forgery, and the live feed over the ticket and escalation indexes.</summary>
public static class BoardServiceCollectionExtensions
{
    /// <summary>
    /// Adds the board. Call after the ticket and escalation indexes are registered: the indexes grains write to are
    /// wrapped so each entry written also reaches the live feed.
    /// </summary>
    public static IServiceCollection AddSlaBoard(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = BoardSettings.Load(configuration);
        services.AddSingleton(settings);
        services.AddRazorComponents();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "sla_board_form";
            options.Cookie.Path = BoardEndpoints.Root;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.HttpOnly = true;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        BoardAuthentication.Add(services, settings);
        services.AddSingleton<BoardFeed>();
        services.AddHostedService(provider => provider.GetRequiredService<BoardFeed>());
        services.AddSingleton<BoardTickets>();
        services.AddSingleton<BoardEscalations>();

        var index = services.LastOrDefault(d => d.ServiceType == typeof(ITicketIndex))
            ?? throw new InvalidOperationException("AddSlaBoard needs the ticket index registered first.");
        services.Remove(index);
        services.AddSingleton<ITicketIndex>(provider => new BoardTicketIndex(Create<ITicketIndex>(provider, index), provider.GetRequiredService<BoardFeed>()));

        var escalations = services.LastOrDefault(d => d.ServiceType == typeof(IEscalationIndex))
            ?? throw new InvalidOperationException("AddSlaBoard needs the escalation index registered first.");
        services.Remove(escalations);
        services.AddSingleton<IEscalationIndex>(provider => new BoardEscalationIndex(Create<IEscalationIndex>(provider, escalations), provider.GetRequiredService<BoardFeed>()));
        return services;
    }

    private static T Create<T>(IServiceProvider provider, ServiceDescriptor descriptor) =>
        (T)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!));
}
