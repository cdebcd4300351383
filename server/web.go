package server

func (s *Server) registerWeb() {}
