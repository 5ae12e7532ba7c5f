import HTTP

/// Every API route of the server, in one table.
enum Routes {
    static func make(_ app: AppContext) -> Router<Route> {
        var router = Router<Route>()
        HealthRoute.register(&router, app)
        OpenAPIRoute.register(&router)
        OperatorRoutes.register(&router, app)
        WebsiteRoutes.register(&router, app)
        ChatRoutes.register(&router, app)
        MessageRoutes.register(&router, app)
        CannedResponseRoutes.register(&router, app)
        AttachmentRoutes.register(&router, app)
        AvailabilityRoutes.register(&router, app)
        VisitorRoutes.register(&router, app)
        WebhookRoutes.register(&router, app)
        WidgetSessionRoute.register(&router, app)
        RealtimeRoutes.register(&router, app)
        return router
    }
}
